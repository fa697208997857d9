#!/usr/bin/env python3
"""Presigned S3 URLs made by botocore (AWS's own Python SDK; Debian: python3-botocore),
the reference tests/unit/s3_sign_test.cpp checks src/core/s3_sign.cpp against.

    python3 tools/s3_vectors.py > tests/data/s3/presigned.json
"""
import datetime
import json
import urllib.parse
from unittest import mock

import botocore.auth
from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CASES = [
    # method, region, bucket URL + key (UTF-8, as the app writes it), query, signed at, expires
    ("GET", "us-east-1", "https://examplebucket.s3.amazonaws.com/test.txt", [], 1369353600, 86400),
    ("PUT", "oss-cn-changsha", "https://gongyu.oss-cn-changsha.aliyuncs.com/大塘镇/changes/00000001-000001.gys", [], 1796256000, 604800),
    ("GET", "oss-cn-changsha", "https://gongyu.oss-cn-changsha.aliyuncs.com/", [("list-type", "2"), ("prefix", "大塘镇/changes/"), ("delimiter", "/")], 1796256123, 900),
    ("GET", "cn-north-1", "http://127.0.0.1:4568/gongyu-store/", [("list-type", "2"), ("prefix", "430422105/"), ("delimiter", "/"), ("continuation-token", "1/x+y=z")], 1796259999, 3600),
    ("PUT", "us-east-1", "http://localhost:9000/gongyu/t 1/photos/0a1b~c_d.jpg", [], 1796000000, 604800),
]
CREDENTIAL = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def presign(method, region, url, query, signed_at, expires):
    split = urllib.parse.urlsplit(url)
    encoded = urllib.parse.urlunsplit((split.scheme, split.netloc, urllib.parse.quote(split.path, safe="/~"),
                                       urllib.parse.urlencode(query, quote_via=urllib.parse.quote), ""))
    request = AWSRequest(method=method, url=encoded)
    when = datetime.datetime.fromtimestamp(signed_at, datetime.timezone.utc).replace(tzinfo=None)
    # Older botocore reads the clock by datetime.datetime.utcnow, newer by get_current_datetime.
    clock = "botocore.auth.get_current_datetime" if hasattr(botocore.auth, "get_current_datetime") else "botocore.auth.datetime"
    with mock.patch(clock) as fake:
        fake.return_value = when
        fake.datetime.utcnow.return_value = when
        S3SigV4QueryAuth(Credentials(*CREDENTIAL), "s3", region, expires=expires).add_auth(request)
    return request.url


print(json.dumps({
    "access_key": CREDENTIAL[0], "secret": CREDENTIAL[1],
    "cases": [{"method": m, "region": r, "url": u, "query": q, "signed_at": t, "expires": e, "presigned": presign(m, r, u, q, t, e)}
              for m, r, u, q, t, e in CASES],
}, ensure_ascii=False, indent=1))
