// Fonts, text flow and PDF/A-2b metadata shared by the case file and the receipt.
#include "pdf/Composer.h"

#include <filesystem>
#include <sstream>

#include "core/Error.h"
#include "core/Files.h"
#include "core/Utf8.h"
#include "pdf/Signer.h"

namespace dossier::pdf {

using namespace PoDoFo;

namespace {

std::string BoldVariant(const std::string& regular) {
    // DejaVuSans.ttf -> DejaVuSans-Bold.ttf; any other font is used for both weights.
    std::filesystem::path path(regular);
    auto bold = path.parent_path() / (path.stem().string() + "-Bold" + path.extension().string());
    return std::filesystem::exists(bold) ? bold.string() : regular;
}

PdfFont* LoadFont(PdfMemDocument& doc, const std::string& file, const char* name) {
    if (!std::filesystem::exists(file))
        throw Error(ErrorCode::MissingResource, "font file not found: " + file);
    // Identity-H subset: every Kazakh/Russian glyph is reachable and only the used ones are
    // embedded.
    PdfFont* font = doc.CreateFontSubset(name, false, false, false,
                                         new PdfIdentityEncoding(0, 0xffff, true), file.c_str());
    if (!font) throw Error(ErrorCode::MissingResource, "cannot load font: " + file);
    return font;
}

std::string XmlEscape(const std::string& text) {
    std::string out;
    // Names come from file names and manifests: bytes, not always UTF-8, not always printable.
    for (char ch : ValidUtf8(text)) {
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
            out += "\xEF\xBF\xBD";  // XML 1.0 has no other control characters
            continue;
        }
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += ch;
        }
    }
    return out;
}

}  // namespace

PdfString Utf8(const std::string& text) {
    // PoDoFo 0.9.8's PdfString::InitFromUtf8 overflows its buffer on invalid UTF-8.
    const std::string valid = ValidUtf8(text);
    return PdfString(reinterpret_cast<const pdf_utf8*>(valid.c_str()));
}

std::string PdfDateString(std::time_t t) {
    std::tm local{};
    localtime_r(&t, &local);
    char base[32], zone[8];
    std::strftime(base, sizeof base, "D:%Y%m%d%H%M%S", &local);
    std::strftime(zone, sizeof zone, "%z", &local);  // +0500
    std::string z(zone);
    if (z.size() != 5) return std::string(base) + "Z";
    return std::string(base) + z.substr(0, 3) + "'" + z.substr(3, 2) + "'";
}

std::string XmpDateString(std::time_t t) {
    std::tm local{};
    localtime_r(&t, &local);
    char base[32], zone[8];
    std::strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &local);
    std::strftime(zone, sizeof zone, "%z", &local);
    std::string z(zone);
    if (z.size() != 5) return std::string(base) + "Z";
    return std::string(base) + z.substr(0, 3) + ":" + z.substr(3, 2);
}

Composer::Composer(const std::string& fontFile, const std::string& iccFile, bool pdfa)
    : iccFile_(iccFile.empty() ? DOSSIER_ICC_FILE : iccFile), pdfa_(pdfa) {
    std::string regular = fontFile.empty() ? DOSSIER_FONT_FILE : fontFile;
    doc_.SetPdfVersion(ePdfVersion_1_7);
    regular_ = LoadFont(doc_, regular, "DejaVu Sans");
    std::string bold = BoldVariant(regular);
    bold_ = bold == regular ? regular_ : LoadFont(doc_, bold, "DejaVu Sans Bold");
}

PdfFont* Composer::Font(bool bold, double size) {
    PdfFont* font = bold ? bold_ : regular_;
    font->SetFontSize(static_cast<float>(size));
    font->SetFontScale(100.f);
    return font;
}

double Composer::TextWidth(const std::string& utf8, bool bold, double size) {
    return Font(bold, size)->GetFontMetrics()->StringWidth(Utf8(utf8));
}

std::vector<std::string> Composer::Wrap(const std::string& utf8, bool bold, double size,
                                        double width) {
    std::vector<std::string> lines;
    std::istringstream paragraphs(ValidUtf8(utf8));  // cut between whole characters below
    std::string paragraph;
    while (std::getline(paragraphs, paragraph)) {
        std::istringstream words(paragraph);
        std::string word, line;
        bool any = false;
        while (words >> word) {
            any = true;
            std::string candidate = line.empty() ? word : line + " " + word;
            if (TextWidth(candidate, bold, size) <= width) {
                line = candidate;
                continue;
            }
            if (!line.empty()) lines.push_back(line);
            line.clear();
            // A word wider than the column (a SHA-256, a long file name) is cut between characters.
            std::string piece;
            for (size_t i = 0; i < word.size();) {
                const size_t n = std::max<size_t>(1, ValidUtf8SequenceAt(word, i));
                std::string next = piece + word.substr(i, n);
                if (!piece.empty() && TextWidth(next, bold, size) > width) {
                    lines.push_back(piece);
                    piece = word.substr(i, n);
                } else {
                    piece = next;
                }
                i += n;
            }
            line = piece;
        }
        if (!line.empty() || !any) lines.push_back(line);
    }
    if (lines.empty()) lines.push_back("");
    return lines;
}

std::string Composer::Finish(const DocumentInfo& info) {
    std::time_t created = info.created ? info.created : std::time(nullptr);
    const std::string pdfDate = PdfDateString(created), xmpDate = XmpDateString(created);
    const std::string producer = std::string("dossier ") + DOSSIER_VERSION + " (PoDoFo)";
    const std::string creator = std::string("dossier ") + DOSSIER_VERSION;

    PdfInfo* pdfInfo = doc_.GetInfo();
    pdfInfo->SetTitle(Utf8(info.title));
    pdfInfo->SetSubject(Utf8(info.subject));
    pdfInfo->SetKeywords(Utf8(info.keywords));
    pdfInfo->SetAuthor(Utf8(creator));
    pdfInfo->SetCreator(Utf8(creator));
    pdfInfo->SetProducer(Utf8(producer));
    pdfInfo->SetCustomKey("CreationDate", PdfString(pdfDate));
    pdfInfo->SetCustomKey("ModDate", PdfString(pdfDate));
    // PdfDocument::SetLanguage of PoDoFo 0.9.8 leaks the object it adds; the key is set directly.
    doc_.GetCatalog()->GetDictionary().AddKey(PdfName("Lang"), PdfString(info.language));

    std::ostringstream xmp;
    xmp << "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        << "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        << "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        << "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
        << " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
        << " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
        << "<dc:format>application/pdf</dc:format>\n"
        << "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" << XmlEscape(info.title)
        << "</rdf:li></rdf:Alt></dc:title>\n"
        << "<dc:creator><rdf:Seq><rdf:li>" << XmlEscape(creator)
        << "</rdf:li></rdf:Seq></dc:creator>\n"
        << "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" << XmlEscape(info.subject)
        << "</rdf:li></rdf:Alt></dc:description>\n"
        << "<pdf:Producer>" << XmlEscape(producer) << "</pdf:Producer>\n"
        << "<pdf:Keywords>" << XmlEscape(info.keywords) << "</pdf:Keywords>\n"
        << "<xmp:CreatorTool>" << XmlEscape(creator) << "</xmp:CreatorTool>\n"
        << "<xmp:CreateDate>" << xmpDate << "</xmp:CreateDate>\n"
        << "<xmp:ModifyDate>" << xmpDate << "</xmp:ModifyDate>\n"
        << "<xmp:MetadataDate>" << xmpDate << "</xmp:MetadataDate>\n";
    if (pdfa_) xmp << "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n";
    xmp << "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n";
    // Padding lets later tools rewrite the packet in place, as the XMP spec recommends.
    xmp << std::string(2000, ' ') << "\n<?xpacket end=\"w\"?>";
    const std::string packet = xmp.str();

    PdfObject* metadata = doc_.GetObjects().CreateObject("Metadata");
    metadata->GetDictionary().AddKey("Subtype", PdfName("XML"));
    metadata->GetStream()->Set(packet.c_str(), static_cast<pdf_long>(packet.size()), TVecFilters());
    doc_.GetCatalog()->GetDictionary().AddKey("Metadata", metadata->Reference());

    if (pdfa_) {
        const std::string icc = ReadFileBytes(iccFile_, 1 << 22);
        PdfObject* profile = doc_.GetObjects().CreateObject();
        profile->GetDictionary().AddKey("N", static_cast<pdf_int64>(3));
        profile->GetStream()->Set(icc.data(), static_cast<pdf_long>(icc.size()));
        PdfDictionary intent;
        intent.AddKey("Type", PdfName("OutputIntent"));
        intent.AddKey("S", PdfName("GTS_PDFA1"));
        intent.AddKey("OutputConditionIdentifier", PdfString("sRGB IEC61966-2.1"));
        intent.AddKey("Info", PdfString("sRGB IEC61966-2.1"));
        intent.AddKey("DestOutputProfile", profile->Reference());
        PdfArray intents;
        intents.push_back(intent);
        doc_.GetCatalog()->GetDictionary().AddKey("OutputIntents", intents);
    }

    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc_.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
}

Flow::Flow(Composer& composer, bool measureOnly) : composer_(composer), measureOnly_(measureOnly) {}

Flow::~Flow() {
    try {
        End();
    } catch (...) {
    }
}

void Flow::Open() {
    ++pageIndex_;
    y_ = kPageHeight - kMargin;
    bottom_ = kMargin;
    if (!measureOnly_) {
        PdfPage* page = composer_.Doc().CreatePage(PdfRect(0, 0, kPageWidth, kPageHeight));
        painter_.SetPage(page);
    }
    open_ = true;
    if (onNewPage) onNewPage(*this);
}

void Flow::End() {
    if (open_ && !measureOnly_) painter_.FinishPage();
    open_ = false;
}

void Flow::NewPage() {
    End();
    Open();
}

void Flow::Need(double height) {
    if (!open_ || y_ - height < bottom_) NewPage();
}

double Flow::Paragraph(const std::string& utf8, double size, bool bold, Rgb color, double indent,
                       double width) {
    if (width <= 0) width = kPageWidth - 2 * kMargin - indent;
    const double lineHeight = size * 1.3;
    double used = 0;
    for (const auto& line : composer_.Wrap(utf8, bold, size, width)) {
        Need(lineHeight);
        TextAt(kMargin + indent, y_ - size, line, size, bold, color);
        y_ -= lineHeight;
        used += lineHeight;
    }
    return used;
}

void Flow::TextAt(double x, double baselineY, const std::string& utf8, double size, bool bold,
                  Rgb color) {
    if (measureOnly_ || utf8.empty()) return;
    if (!open_) Open();
    painter_.SetColor(color.r, color.g, color.b);
    painter_.SetFont(composer_.Font(bold, size));
    painter_.DrawText(x, baselineY, Utf8(utf8));
}

void Flow::FillRect(double x, double y, double w, double h, Rgb color) {
    if (measureOnly_) return;
    if (!open_) Open();
    painter_.SetColor(color.r, color.g, color.b);
    painter_.Rectangle(x, y, w, h);
    painter_.Fill();
}

void Flow::StrokeRect(double x, double y, double w, double h, Rgb color, double lineWidth) {
    if (measureOnly_) return;
    if (!open_) Open();
    painter_.SetStrokingColor(color.r, color.g, color.b);
    painter_.SetStrokeWidth(lineWidth);
    painter_.Rectangle(x, y, w, h);
    painter_.Stroke();
}

void DrawSignatureBlock(Flow& flow, const std::string& signerName, bool testKey) {
    const Rgb rule{0.6, 0.6, 0.6}, gray{0.38, 0.38, 0.38}, red{0.72, 0.08, 0.08};
    const PdfBox box = kCoverSignatureBox;
    flow.StrokeRect(box.x, box.y, box.width, box.height, rule, 0.8);
    double y = box.y + box.height - 13;
    flow.TextAt(box.x + 8, y, "Электрондық цифрлық қолтаңба / Электронная цифровая подпись", 9,
                true);
    y -= 13;
    if (signerName.empty())
        flow.TextAt(box.x + 8, y, "Қол қойылмаған / Не подписано", 9, false, red);
    else
        flow.TextAt(box.x + 8, y, "Қол қойған / Подписал: " + signerName, 9);
    y -= 12;
    flow.TextAt(box.x + 8, y,
                "Уақыты мен тұтастығы: dossier verify / Время и целостность: dossier verify "
                "(PAdES, SHA-256)",
                7.5, false, gray);
    if (testKey) {
        y -= 11;
        flow.TextAt(
            box.x + 8, y,
            "ТЕСТ сертификаты — заңды күші жоқ / ТЕСТОВЫЙ сертификат — юридической силы не имеет",
            7.5, true, red);
    }
}

}  // namespace dossier::pdf
