"""The till's domain and application layer: no Qt, no HTTP, no printer or camera libraries."""
