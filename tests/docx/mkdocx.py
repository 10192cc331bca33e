#!/usr/bin/python3
"""tests/docx/mkdocx.py: broken DOCX packages for the CLI cases.

Usage: mkdocx.py KIND OUT

KIND is one of
  doctype    word/document.xml declares an entity in a DOCTYPE
  laughs     the billion laughs, in word/document.xml's DOCTYPE
  bomb       word/document.xml is 40 MiB of text that deflates to 40 KiB
  lying      the same, its zip headers saying it is 1,000 bytes
  workbook   a spreadsheet: _rels/.rels names xl/workbook.xml
  nomain     _rels/.rels names word/document.xml, which is not there
  badxml     word/document.xml is not well-formed (line 3)
  encrypted  an entry with the encryption flag set
  edited     a good one: a heading, a paragraph with a comment on it and
             a tracked insertion and deletion, a table
Each but the last is a zip archive that is otherwise fine, written to
OUT.
"""
import struct
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def rels(target):
    return ('<?xml version="1.0"?><Relationships xmlns="%s"><Relationship '
            'Id="rId1" Type="%s/officeDocument" Target="%s"/>'
            '</Relationships>' % (REL, R, target))


def document(body, prolog=""):
    return ('<?xml version="1.0"?>\n%s<w:document xmlns:w="%s"><w:body>%s'
            '</w:body></w:document>' % (prolog, W, body))


def write(out, parts):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def patch(out, fn):
    with open(out, "rb") as f:
        b = bytearray(f.read())
    fn(b)
    with open(out, "wb") as f:
        f.write(b)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 1
    kind, out = argv[1], argv[2]
    para = "<w:p><w:r><w:t>%s</w:t></w:r></w:p>"
    main_rels = ("_rels/.rels", rels("word/document.xml"))
    if kind == "doctype":
        write(out, [main_rels, ("word/document.xml", document(
            para % "&x;", '<!DOCTYPE w:document [<!ENTITY x "text">]>\n'))])
    elif kind == "laughs":
        dtd = '<!DOCTYPE w:document [\n<!ENTITY l0 "lol">\n'
        for i in range(1, 10):
            dtd += '<!ENTITY l%d "%s">\n' % (i, ("&l%d;" % (i - 1)) * 10)
        dtd += "]>\n"
        write(out, [main_rels,
                    ("word/document.xml", document(para % "&l9;", dtd))])
    elif kind in ("bomb", "lying"):
        text = document(para % ("a" * (40 * 1024 * 1024)))
        write(out, [main_rels, ("word/document.xml", text)])
        if kind == "lying":
            def lie(b):
                n = len(text.encode())
                for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
                    i = 0
                    while True:
                        i = b.find(sig, i)
                        if i < 0:
                            break
                        if struct.unpack_from("<I", b, i + off)[0] == n:
                            struct.pack_into("<I", b, i + off, 1000)
                        i += 4
            patch(out, lie)
    elif kind == "workbook":
        write(out, [("_rels/.rels", rels("xl/workbook.xml")),
                    ("xl/workbook.xml", '<workbook xmlns="http://schemas.'
                     'openxmlformats.org/spreadsheetml/2006/main"/>')])
    elif kind == "nomain":
        write(out, [main_rels, ("word/other.xml", document(para % "x"))])
    elif kind == "badxml":
        write(out, [main_rels, ("word/document.xml",
                                '<?xml version="1.0"?>\n<w:document '
                                'xmlns:w="%s">\n<w:body><w:p></w:body>'
                                '</w:document>' % W)])
    elif kind == "encrypted":
        write(out, [main_rels, ("word/document.xml", document(para % "x"))])

        def flag(b):
            for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
                i = b.find(sig)
                b[i + off] |= 1
        patch(out, flag)
    elif kind == "edited":
        body = ('<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
                '<w:r><w:t>Policy</w:t></w:r></w:p>'
                '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t xml:space='
                '"preserve">Call </w:t></w:r><w:del w:id="1" w:author="A">'
                '<w:r><w:delText>911</w:delText></w:r></w:del>'
                '<w:ins w:id="2" w:author="A"><w:r><w:t>the hotline</w:t>'
                '</w:r></w:ins><w:commentRangeEnd w:id="0"/><w:r>'
                '<w:commentReference w:id="0"/></w:r></w:p>'
                '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In a cell</w:t></w:r>'
                '</w:p></w:tc></w:tr></w:tbl>')
        write(out, [main_rels, ("word/document.xml", document(body))])
    else:
        sys.stderr.write("mkdocx: unknown kind %s\n" % kind)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
