#!/usr/bin/python3
"""An independent DSSE verifier for `capsule attest` envelopes (tests/integration/attest_test.cpp).

Computes the DSSE v1 pre-authentication encoding itself and checks the Ed25519 signature with
PyNaCl (Debian python3-nacl), sharing no code with capsule. Usage:
  dsse_verify.py ENVELOPE PUBKEYFILE
PUBKEYFILE is `capsule keys --export`'s file (a line "ed25519 <64 hex>", or the 64 hex alone).
Prints the statement (the decoded payload) and exits 0 when a signature checks out; exits 1
otherwise, 2 on bad usage.
"""
import base64
import json
import sys

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey


def pae(payload_type: bytes, body: bytes) -> bytes:
    return b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(body), body)


def public_key(path: str) -> bytes:
    for line in open(path, encoding="ascii"):
        words = line.split()
        if len(words) == 2 and words[0] == "ed25519":
            return bytes.fromhex(words[1])
        if len(words) == 1 and len(words[0]) == 64:
            return bytes.fromhex(words[0])
    raise SystemExit(2)


def main() -> int:
    if len(sys.argv) != 3:
        return 2
    envelope = json.load(open(sys.argv[1], encoding="utf-8"))
    key = VerifyKey(public_key(sys.argv[2]))
    payload_type = envelope["payloadType"].encode()
    body = base64.b64decode(envelope["payload"], validate=True)
    for signature in envelope["signatures"]:
        try:
            key.verify(pae(payload_type, body), base64.b64decode(signature["sig"], validate=True))
        except (BadSignatureError, ValueError):
            continue
        sys.stdout.write(body.decode("utf-8") + "\n")
        return 0
    print("no signature checks out", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
