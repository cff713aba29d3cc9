"""Every document as .docx (python-docx), in the layout of Nghị định 30/2020/NĐ-CP."""

from desktop.services.documents.word.render import (
    certificates_docx,
    letter_docx,
    render_docx,
    table_docx,
)

__all__ = ["certificates_docx", "letter_docx", "render_docx", "table_docx"]
