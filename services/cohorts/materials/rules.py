"""What a material may be, in plain Python: a document (by what its bytes are, not what its name says), not too
large, in a language of the programme's."""
from __future__ import annotations

from shared.errors import N_

LANGUAGES = ("ru", "kk", "en")
LANGUAGE_LABELS = {"ru": "Русский", "kk": "Қазақша", "en": "English"}
MAX_BYTES = 10 * 1024 * 1024  # a manual or a deck of slides; a video is a link
TITLE_LENGTH = 300
# what a document's first bytes are, and the names it may carry
SIGNATURES = (
    (b"%PDF-", (".pdf",), "application/pdf"),
    (b"PK\x03\x04", (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"), None),  # a zip: an Office or OpenDocument file
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", (".doc", ".xls", ".ppt"), None),  # the older Office files
)
CONTENT_TYPES = {
    ".pdf": "application/pdf", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}


def document_type(filename: str, head: bytes) -> str | None:
    """The file's content type when its name and its first bytes say it is a document, else None."""
    name = (filename or "").lower()
    extension = name[name.rfind("."):] if "." in name else ""
    for magic, extensions, _type in SIGNATURES:
        if head.startswith(magic) and extension in extensions:
            return CONTENT_TYPES[extension]
    return None


def check_file(filename: str, size: int, head: bytes) -> dict:
    if size > MAX_BYTES:
        return {"file": [N_("The file is larger than 10 MB: give a link to it instead.")]}
    if size == 0 or document_type(filename, head) is None:
        return {"file": [N_("Not a document: PDF, Word, Excel, PowerPoint or OpenDocument files only.")]}
    return {}
