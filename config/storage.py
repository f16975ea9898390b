"""The evidence storage's settings, in one place for config/settings.py and the tests that run it against an S3 server."""


def s3_storage(*, bucket: str, endpoint_url: str, region: str, access_key: str, secret_key: str) -> dict:
    """django-storages' S3 backend as Zhirao needs it: any S3-compatible store (AWS, MinIO, a cloud's own).

    Objects are private (no ACL grants anyone but the owner); names are never reused; a URL made for an object
    (nothing in the app makes one: downloads go through the access-checked views) is signed and expires in
    five minutes. A store at its own endpoint (MinIO, most clouds) is addressed by path, which needs no
    wildcard DNS for the bucket.
    """
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key,
        "secret_key": secret_key,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    if endpoint_url:
        options["addressing_style"] = "path"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
