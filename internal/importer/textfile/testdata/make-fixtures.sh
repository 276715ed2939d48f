#!/usr/bin/env bash
# Regenerates the fixtures in this folder. Needs python3 and, for the
# office files and PDFs, LibreOffice (apt-get install libreoffice-writer-nogui).
# The tests only read the committed outputs; they never run this script.
set -euo pipefail
cd "$(dirname "$0")"

# Office formats from the flat ODT source: docx, odt, rtf, pdf.
for f in odt docx rtf pdf; do
	soffice --headless --convert-to "$f" protokoll.fodt >/dev/null
done

# A password-protected PDF (password "geheim").
mkdir -p enc
soffice --headless --outdir enc --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"geheim"}}' protokoll.fodt >/dev/null
mv enc/protokoll.pdf encrypted.pdf
rmdir enc

# An image-only PDF (no text layer): scan.png placed in a document.
b64=$(base64 -w0 scan.png)
sed "s|@PNG@|$b64|" scan.fodt.in >scan.fodt
soffice --headless --convert-to pdf scan.fodt >/dev/null
rm scan.fodt

python3 - <<'PY'
import io, zipfile

text = open("protokoll.txt", encoding="utf-8").read()
open("protokoll-crlf.txt", "wb").write(text.replace("\n", "\r\n").encode("utf-8"))
open("protokoll-bom.txt", "wb").write(b"\xef\xbb\xbf" + text.encode("utf-8"))
open("protokoll-utf16le.txt", "wb").write(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))
open("protokoll-utf16be.txt", "wb").write(b"\xfe\xff" + text.encode("utf-16-be"))
open("protokoll-utf16le-nobom.txt", "wb").write(text.encode("utf-16-le"))
latin = text.replace("🙂", ":-)").replace("👍", ":-)")
open("protokoll-cp1252.txt", "wb").write(latin.replace("\n", "\r\n").encode("cp1252"))
# UTF-8 with one damaged sequence (a lone lead byte) in line 3.
bad = text.encode("utf-8").replace("Besprechungsraum".encode(), b"Besprechungsr\xc3um", 1)
open("invalid-utf8.txt", "wb").write(bad)
open("empty.txt", "wb").write(b"")

docx = open("protokoll.docx", "rb").read()
open("truncated.docx", "wb").write(docx[: len(docx) * 3 // 5])

# A damaged odt: bytes in the middle of content.xml's compressed data flipped.
odt = bytearray(open("protokoll.odt", "rb").read())
zi = zipfile.ZipFile(io.BytesIO(bytes(odt))).getinfo("content.xml")
start = zi.header_offset + 30 + len(zi.filename) + len(zi.extra)
for i in range(start + zi.compress_size // 3, start + zi.compress_size // 3 + 16):
    odt[i] ^= 0x5A
open("corrupt.odt", "wb").write(bytes(odt))

def write_zip(name, entries):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in entries:
            z.writestr(n, data)

doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
       'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Text</w:t></w:r></w:p>%s</w:body></w:document>')
ct = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
write_zip("zipslip.docx", [("[Content_Types].xml", ct), ("word/document.xml", doc % ""), ("../../evil.txt", "x")])
write_zip("bomb.docx", [("[Content_Types].xml", ct), ("word/document.xml", doc % ("<w:p/>" * 400000))])
open("not-a-zip.docx", "w", encoding="utf-8").write("Das ist eine Textdatei mit falscher Endung.\n")
pdf = open("protokoll.pdf", "rb").read()
open("truncated.pdf", "wb").write(pdf[: len(pdf) // 2])
rtf = open("protokoll.rtf", "rb").read()
open("truncated.rtf", "wb").write(rtf[: rtf.index(b"Zusammenarbeit")])
PY

# notes.docx: a footnote, an endnote and a comment (written by hand, as
# Word lays them out: footnotes.xml, endnotes.xml, comments.xml).
python3 - <<'PY'
import zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
def run(t): return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % t
def p(body, style=""):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return "<w:p>%s%s</w:p>" % (ppr, body)
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>' % W
       + p(run("Protokoll"), "Heading1")
       + p(run("Die Beratung sei gut.") + '<w:r><w:footnoteReference w:id="2"/></w:r>'
           + '<w:commentRangeStart w:id="0"/>' + run(" Die Wege sind weit.") + '<w:commentRangeEnd w:id="0"/>'
           + '<w:r><w:commentReference w:id="0"/></w:r>')
       + p(run("Zweiter Absatz.") + '<w:r><w:endnoteReference w:id="1"/></w:r>')
       + "<w:sectPr/></w:body></w:document>")
def notes(kind, items):
    sep = ('<w:%s w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:%s>'
           '<w:%s w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:%s>') % ((kind,) * 4)
    body = "".join('<w:%s w:id="%s"%s>%s</w:%s>' % (kind, i, a, x, kind) for i, a, x in items)
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:%ss %s>%s%s</w:%ss>' % (kind, W, sep if kind != "comment" else "", body, kind)
foot = notes("footnote", [("2", "", p('<w:r><w:footnoteRef/></w:r>' + run(" Laut Leitung.")) + p(run("Zweite Zeile der Fußnote.")))])
end = notes("endnote", [("1", "", p('<w:r><w:endnoteRef/></w:r>' + run(" Quelle: Statistik 2014.")))])
com = notes("comment", [("0", ' w:author="Mara Meier" w:initials="MM"', p('<w:r><w:annotationRef/></w:r>' + run("Nachfragen, welche Wege?")))])
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="%s/footnotes" Target="footnotes.xml"/>'
        '<Relationship Id="rId2" Type="%s/endnotes" Target="endnotes.xml"/>'
        '<Relationship Id="rId3" Type="%s/comments" Target="comments.xml"/></Relationships>') % (R, R, R)
top = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
       '<Relationship Id="rId1" Type="%s/officeDocument" Target="word/document.xml"/></Relationships>') % R
ct = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
with zipfile.ZipFile("notes.docx", "w", zipfile.ZIP_DEFLATED) as z:
    for n, d in [("[Content_Types].xml", ct), ("_rels/.rels", top), ("word/document.xml", doc),
                 ("word/_rels/document.xml.rels", rels), ("word/footnotes.xml", foot),
                 ("word/endnotes.xml", end), ("word/comments.xml", com)]:
        z.writestr(zipfile.ZipInfo(n, (2020, 1, 1, 0, 0, 0)), d)
PY

# ligatures.pdf: see the comment at the top of the generator.
python3 make-ligatures-pdf.py
