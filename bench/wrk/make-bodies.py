#!/usr/bin/env python3
"""Writes canned PutRecords bodies for bench/wrk/put-records.lua: N files body0.json … of 500
records each, 100 random bytes of data and a 32-character random partition key per record (as
applications that key by id send them), for stream STREAM. Seeded, so every run sends the same.
    make-bodies.py DIR STREAM [N]"""
import base64
import json
import os
import random
import string
import sys

out, stream = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 16
rng = random.Random(20261202)
alphabet = string.ascii_letters + string.digits
os.makedirs(out, exist_ok=True)
for i in range(count):
    records = [
        {
            "Data": base64.b64encode(bytes(rng.getrandbits(8) for _ in range(100))).decode(),
            "PartitionKey": "".join(rng.choice(alphabet) for _ in range(32)),
        }
        for _ in range(500)
    ]
    with open(os.path.join(out, f"body{i}.json"), "w") as f:
        json.dump({"StreamName": stream, "Records": records}, f, separators=(",", ":"))
