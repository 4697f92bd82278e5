"""The DOCX package around the document: who made it (its application properties) and
entries dated alike, so that the same inputs give the same bytes and committee services can
tell a real change from a rebuild.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as DocumentObject

from reportgen import model


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reportgen")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


APP_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>{application}</Application><DocSecurity>0</DocSecurity>'
    "<TitlesOfParts><vt:vector size=\"1\" baseType=\"lpstr\"><vt:lpstr>{title}</vt:lpstr>"
    "</vt:vector></TitlesOfParts><Company>{company}</Company>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<AppVersion>{app_version}</AppVersion></Properties>")


def replace_app_properties(doc: DocumentObject, details: model.Details, version: str) -> None:
    """The package's application properties say reportgen made it, for which council, with
    what title; the reference document's (another program's name, its page counts) and its
    thumbnail (a picture of a blank page) are dropped.
    """
    from xml.sax.saxutils import escape

    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(rel_id)
    major, _, rest = version.partition(".")
    app_version = f"{int(major) if major.isdigit() else 0:02d}.{rest.replace('.', '')[:4]:0<4}"
    xml = APP_PROPERTIES.format(application=f"reportgen {escape(version)}",
                                title=escape(details.title), company=escape(details.council),
                                app_version=app_version)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = xml.encode("utf-8")


#: The dates a zip entry can carry (MS-DOS dates: 1980 to 2107, to the even second).
ZIP_EARLIEST = dt.datetime(1980, 1, 1)
ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)


def reproducible(package: bytes, stamp: dt.datetime) -> bytes:
    """The same package with every zip entry dated ``stamp`` and given fixed attributes, so the
    same inputs give byte-identical files and committee services can tell a real change.

    A zip entry cannot be dated before 1980 or after 2107, so a meeting outside those years
    (a 1975 report typed up for the archive) dates its entries at the nearest date a zip can
    hold; the document's own properties, which Word shows, keep the meeting's real date.
    """
    when = min(max(stamp, ZIP_EARLIEST), ZIP_LATEST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
