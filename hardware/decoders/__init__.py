"""Barcode and QR decoders behind pos_app.ports.CodeDecoder: zxing-cpp, pyzbar, and the till's pipeline."""
