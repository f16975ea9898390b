"""An S3-compatible server for the tests (moto's server mode, in a thread on a free loopback port), so evidence and
letters are tested against a real S3 HTTP API, as production's object store (AWS, MinIO, any S3 service) serves it."""

import socket
import uuid

import boto3
from moto.server import ThreadedMotoServer

from config.storage import s3_storage

ACCESS_KEY, SECRET_KEY, REGION = "zhirao-test", "zhirao-test-secret", "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3Server:
    def __init__(self):
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> "S3Server":
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=REGION,
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)

    def new_bucket(self) -> str:
        bucket = f"zhirao-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=bucket)
        return bucket

    def storage_settings(self, bucket: str) -> dict:
        """The app's own S3 storage settings (config.storage), pointed at this server."""
        return s3_storage(bucket=bucket, endpoint_url=self.endpoint_url, region=REGION,
                          access_key=ACCESS_KEY, secret_key=SECRET_KEY)

    def environment(self, bucket: str) -> dict[str, str]:
        """The same, as the environment variables an app server or worker process reads."""
        return {"ZHIRAO_STORAGE": "s3", "ZHIRAO_S3_BUCKET": bucket, "ZHIRAO_S3_ENDPOINT_URL": self.endpoint_url,
                "ZHIRAO_S3_REGION": REGION, "ZHIRAO_S3_ACCESS_KEY_ID": ACCESS_KEY, "ZHIRAO_S3_SECRET_ACCESS_KEY": SECRET_KEY}
