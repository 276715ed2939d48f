# A two-column PDF written by hand: Helvetica with a /Differences encoding
# that draws the ligatures fi, fl, ff (codes 128–130, read as U+FB01,
# U+FB02, U+FB00), a word broken with a hyphen and one with a soft hyphen
# (code 173) at line ends, a page number at the foot of each page, a
# paragraph that goes on in the right column and on page 2, and a font
# whose ToUnicode map lacks one code (read as U+FFFD).
import zlib

FI, FL, FF, SHY = b"\x80", b"\x81", b"\x82", b"\xad"

def esc(b):
    return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

def column(x, lines, y=760, font=b"/F1 10 Tf"):
    out = [b"BT", font, b"12 TL", b"%d %d Td" % (x, y)]
    for ln in lines:
        out.append(b"(" + esc(ln) + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)

left = [
    b"Die De" + FI + b"nition der Zielgruppe ist seit",
    b"der Reform ein zentrales Thema aller Job-",
    b"center. Die Verwaltung sieht darin eine",
    b"Frage der Arbeits" + SHY,
    b"marktpolitik und der O" + FF + b"enheit f\xfcr alle,",
    b"die lange ohne Stelle waren. Die Kolle-",
]
right = [
    b"ginnen sprechen von einem Paradigmen-",
    b"wechsel, der die Beratung neu ordnet und",
    b"die Stellen" + FL + b"\xe4che der Region umfasst.",
    b"",
    b"Ein zweiter Absatz beginnt hier und geht",
    b"erst auf der n\xe4chsten Seite zu Ende, wo",
]
page1 = b"\n".join([
    column(72, left), column(320, right),
    b"BT /F1 10 Tf 297 40 Td (1) Tj ET",
])
page2 = b"\n".join([
    column(72, [b"er mit einem Satz ohne Ligatur schliesst.", b"", b"Die Definition steht hier ohne Ligatur."]),
    column(72, [b"Glyphe: a\x01b"], y=700, font=b"/F2 10 Tf"),
    b"BT /F1 10 Tf 297 40 Td (2) Tj ET",
])
cmap = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def 1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfchar <61> <0061> <62> <0062> endbfchar
4 beginbfchar <47> <0047> <6C> <006C> <79> <0079> <70> <0070> endbfchar
4 beginbfrange <3A> <3A> <003A> <20> <20> <0020> <65> <65> <0065> <68> <68> <0068> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""

objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
    b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R >>",
    b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> /Contents 7 0 R >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 /fi /fl /ff] >> >>",
    None, None,
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 9 0 R >>",
    None,
]
def stream(data):
    z = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream"
objs[5], objs[6], objs[8] = stream(page1), stream(page2), stream(cmap)

out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R /Info << /Title (Ligaturen) >> >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open("ligatures.pdf", "wb").write(out)
