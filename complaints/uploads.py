"""An upload handler that stops reading an evidence file as soon as it is too big.

Django's own handlers write every byte of an upload to memory or a temporary file before the view
runs, so a 2 GB file would be received, spooled and hashed before evidence_upload could refuse it.
EvidenceLimitHandler sits in front of them: the moment a file passes the per-file limit, or this
request's files pass the room left in the case, it raises SkipFile. The rest of that file is read
from the connection and thrown away (never written or hashed), the other files of the same upload
go on, and the view reports the skipped file with the same kind of Chinese message as the service.
evidence_upload keeps its own checks: the handler only makes refusing cheap, it is not the gate.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from complaints.services.evidence import evidence_too_large_message


class EvidenceLimitHandler(FileUploadHandler):
    def __init__(self, request=None, *, max_file: int, room: int, max_case: int, room_message: str = ""):
        """`room_message`, when given, is said instead of the case's room and limit (to someone who may not see them)."""
        super().__init__(request)
        self.max_file, self.room, self.max_case = max_file, max(room, 0), max_case
        self.room_message = room_message
        self.refused: list[dict] = []  # {"name", "message"} per skipped file, in upload order
        self._size = 0
        self._accepted = 0  # bytes of this request's earlier files that were let through

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._size = 0

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._size > self.max_file:
            self._skip(evidence_too_large_message(self.max_file))
        if self._accepted + self._size > self.room:
            self._skip(self.room_message or _("这个案件的证据空间不够：上限 %(limit)s，这次上传时还剩 %(room)s，这个文件放不下，已停止接收。"
                         "可以删除重复或无关的文件后再上传。")
                       % {"limit": filesizeformat(self.max_case), "room": filesizeformat(max(self.room - self._accepted, 0))})
        return raw_data

    def _skip(self, message: str):
        self.refused.append({"name": self.file_name, "message": message})
        raise SkipFile

    def file_complete(self, file_size):
        self._accepted += file_size
        return None  # the handlers behind this one build the file
