"""Run the sandbox on loopback for a demo: `python -m cloud.payments.sandbox --port 8701 --credentials-out
demo-channels.json`. It makes fresh sandbox keys and writes the matching merchant credentials (keys in the
clear: they are sandbox keys, worthless anywhere else) for the cloud service or a script to load with
MerchantChannels.model_validate_json().
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import uvicorn

from cloud.payments.credentials import revealed
from cloud.payments.keys import make_sandbox_pair
from cloud.payments.sandbox import Sandbox, create_sandbox_app

log = logging.getLogger("cloud.payments.sandbox")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m cloud.payments.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument(
        "--credentials-out", type=Path, required=True, help="where to write the merchant JSON"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    channels, config = make_sandbox_pair(f"http://{args.host}:{args.port}")
    args.credentials_out.write_text(
        json.dumps(revealed(channels), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    args.credentials_out.chmod(0o600)
    log.info("merchant credentials for this sandbox written to %s", args.credentials_out)
    uvicorn.run(create_sandbox_app(Sandbox(config)), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
