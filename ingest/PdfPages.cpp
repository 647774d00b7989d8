// PDF input pages: poppler opens and renders, PoDoFo finds scanned pages' embedded images.
#include "ingest/PdfPages.h"

#include <podofo/podofo.h>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <vector>

#include "core/Files.h"
#include "image/Jpeg.h"
#include "image/Pixels.h"

namespace dossier {

namespace {

using namespace PoDoFo;

/// A page's decoded content streams larger than this are not analysed (the page is rendered):
/// a few kilobytes of deflate can expand to gigabytes.
constexpr pdf_long kMaxContentBytes = 16 << 20;
/// Native-resolution rendering stays within these bounds.
constexpr double kMinNativeDpi = 50, kMaxNativeDpi = 1200;

void Quiet() {
    static std::once_flag once;
    std::call_once(once, [] {
        PdfError::EnableLogging(false);
        PdfError::EnableDebug(false);
        poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
    });
}

/// poppler's global state (fonts, GlobalParams) is not documented as thread-safe across
/// documents; PDF inputs are rare enough to read one at a time.
std::mutex& PdfMutex() {
    static std::mutex mutex;
    return mutex;
}

struct Matrix {
    double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
    /// this x base: the PDF `cm` operator's new CTM.
    Matrix Then(const Matrix& m) const {
        return {a * m.a + b * m.c, a * m.b + b * m.d,       c * m.a + d * m.c,
                c * m.b + d * m.d, e * m.a + f * m.c + m.e, e * m.b + f * m.d + m.f};
    }
};

struct ImageUse {
    Matrix ctm;
    const PdfObject* object = nullptr;
};

/// What a page's content stream paints, as far as deciding "scan or not" needs.
struct PageContent {
    bool analysed = false;    ///< false: could not tell (treat as born-digital)
    bool tooComplex = false;  ///< more operators than the budget: drawing it would take minutes
    bool otherMarks = false;  ///< visible text, vector paint, forms, inline images, annotations
    std::vector<ImageUse> images;
};

/// Collects decoded bytes up to a cap (guards against deflate bombs) and drops the rest. It never
/// throws: PoDoFo 0.9.8's GetFilteredCopy does not free its decoder when the sink throws, so the
/// caller asks Overflowed() afterwards.
class CappedOutput : public PdfOutputStream {
  public:
    explicit CappedOutput(std::string& out, pdf_long cap) : out_(out), cap_(cap) {}
    pdf_long Write(const char* buffer, pdf_long length) override {
        if (overflowed_ || pdf_long(out_.size()) + length > cap_) {
            overflowed_ = true;
            return length;
        }
        out_.append(buffer, static_cast<size_t>(length));
        return length;
    }
    void Close() override {}
    bool Overflowed() const { return overflowed_; }

  private:
    std::string& out_;
    pdf_long cap_;
    bool overflowed_ = false;
};

const PdfObject* Resolve(const PdfMemDocument& doc, const PdfObject* object) {
    for (int hops = 0; object && object->IsReference() && hops < 16; ++hops)
        object = doc.GetObjects().GetObject(object->GetReference());
    return object && object->IsReference() ? nullptr : object;
}

const PdfObject* DictKey(const PdfMemDocument& doc, const PdfObject* dict, const char* key) {
    dict = Resolve(doc, dict);
    if (!dict || !dict->IsDictionary()) return nullptr;
    return Resolve(doc, dict->GetDictionary().GetKey(PdfName(key)));
}

bool IsName(const PdfObject* object, const char* name) {
    return object && object->IsName() && object->GetName().GetName() == name;
}

double Number(const PdfVariant& v) {
    return v.IsReal() ? v.GetReal() : v.IsNumber() ? double(v.GetNumber()) : 0.0;
}

bool AppendStream(const PdfObject* object, std::string& out) {
    if (!object || !object->HasStream()) return false;
    CappedOutput sink(out, kMaxContentBytes);
    object->GetStream()->GetFilteredCopy(&sink);
    if (sink.Overflowed()) PODOFO_RAISE_ERROR(ePdfError_OutOfMemory);
    out.push_back('\n');
    return true;
}

PageContent AnalysePage(const PdfMemDocument& doc, int index, long maxOperators) {
    PageContent content;
    PdfPage* page = doc.GetPage(index);
    if (!page) return content;
    const PdfObject* pageObject = page->GetObject();
    if (const PdfObject* annots = DictKey(doc, pageObject, "Annots");
        annots && annots->IsArray() && !annots->GetArray().empty())
        content.otherMarks = true;  // stamps and notes would be lost by taking the image alone

    std::string stream;
    const PdfObject* contents = DictKey(doc, pageObject, "Contents");
    try {
        if (contents && contents->IsArray()) {
            for (const PdfObject& item : contents->GetArray())
                if (!AppendStream(Resolve(doc, &item), stream)) return content;
        } else if (contents && !AppendStream(contents, stream)) {
            return content;
        }
    } catch (const PdfError& e) {
        // Content past the cap would be as slow to draw as to walk.
        content.tooComplex = e.GetError() == ePdfError_OutOfMemory;
        return content;
    }
    const PdfObject* xobjects = DictKey(doc, page->GetResources(), "XObject");

    PdfContentsTokenizer tokenizer(stream.data(), static_cast<long>(stream.size()));
    EPdfContentsType type;
    const char* keyword = nullptr;
    PdfVariant operand;
    std::vector<PdfVariant> operands;
    struct State {
        Matrix ctm;
        int textRender = 0;
    };
    std::vector<State> stack(1);
    long operators = 0;
    while (tokenizer.ReadNext(type, keyword, operand)) {
        if (type == ePdfContentsType_Variant) {
            if (operands.size() < 16) operands.push_back(operand);
            continue;
        }
        if (type != ePdfContentsType_Keyword) return content;
        if (++operators > maxOperators) {
            content.tooComplex = true;
            return content;
        }
        const std::string_view op(keyword);
        State& state = stack.back();
        if (op == "q") {
            if (stack.size() > 512) return content;
            stack.push_back(state);
        } else if (op == "Q") {
            if (stack.size() > 1) stack.pop_back();
        } else if (op == "cm" && operands.size() == 6) {
            const Matrix m{Number(operands[0]), Number(operands[1]), Number(operands[2]),
                           Number(operands[3]), Number(operands[4]), Number(operands[5])};
            state.ctm = m.Then(state.ctm);
        } else if (op == "Tr" && operands.size() == 1) {
            state.textRender = static_cast<int>(Number(operands[0]));
        } else if (op == "Tj" || op == "TJ" || op == "'" || op == "\"") {
            if (state.textRender != 3) content.otherMarks = true;  // 3 = invisible (an OCR layer)
        } else if (op == "S" || op == "s" || op == "f" || op == "F" || op == "f*" || op == "B" ||
                   op == "B*" || op == "b" || op == "b*" || op == "sh" || op == "BI") {
            content.otherMarks = true;
            if (op == "BI") break;  // inline image data is not tokenised; stop here
        } else if (op == "Do" && operands.size() == 1 && operands[0].IsName()) {
            const PdfObject* xobject =
                DictKey(doc, xobjects, operands[0].GetName().GetName().c_str());
            const PdfObject* subtype = DictKey(doc, xobject, "Subtype");
            if (IsName(subtype, "Image"))
                content.images.push_back({state.ctm, xobject});
            else
                content.otherMarks = true;  // forms may hold anything
        }
        operands.clear();
    }
    content.analysed = true;
    return content;
}

/// Why an image XObject of the page (or of a form it draws, a few levels deep) must not be
/// decoded: poppler decodes images at their own size whatever the page's, so a 1 KB PDF can hold
/// a JPEG declaring 65000 x 65000 pixels. Empty when every image is within the caps.
std::string CheckImagesOf(const PdfMemDocument& doc, const PdfObject* resources,
                          const IngestOptions& options, int depth) {
    const PdfObject* xobjects = DictKey(doc, resources, "XObject");
    if (!xobjects || !xobjects->IsDictionary() || depth > 8) return {};
    for (const auto& [name, value] : xobjects->GetDictionary().GetKeys()) {
        const PdfObject* xobject = Resolve(doc, value);
        const PdfObject* subtype = DictKey(doc, xobject, "Subtype");
        if (IsName(subtype, "Form")) {
            if (const std::string why =
                    CheckImagesOf(doc, DictKey(doc, xobject, "Resources"), options, depth + 1);
                !why.empty())
                return why;
            continue;
        }
        if (!IsName(subtype, "Image")) continue;
        const PdfObject* width = DictKey(doc, xobject, "Width");
        const PdfObject* height = DictKey(doc, xobject, "Height");
        double w = width && width->IsNumber() ? double(width->GetNumber()) : 0;
        double h = height && height->IsNumber() ? double(height->GetNumber()) : 0;
        int scans = 0;
        const PdfObject* filter = DictKey(doc, xobject, "Filter");
        if (filter && filter->IsArray() && filter->GetArray().size() == 1)
            filter = Resolve(doc, &filter->GetArray()[0]);
        if (IsName(filter, "DCTDecode") && xobject->HasStream()) {
            // The JPEG's own header decides what libjpeg allocates, whatever the dictionary says.
            char* raw = nullptr;
            pdf_long length = 0;
            xobject->GetStream()->GetCopy(&raw, &length);
            const std::string jpeg(raw ? raw : "", raw ? static_cast<size_t>(length) : 0);
            podofo_free(raw);
            std::string ignored;
            if (const auto header = TryReadImageHeader(jpeg, ImageFormat::Jpeg, ignored)) {
                w = std::max(w, double(header->width));
                h = std::max(h, double(header->height));
                scans = header->scans;
            }
        }
        if (w * h > double(options.maxPixels))
            return "the page holds an image of " + std::to_string(std::uint64_t(w)) + " x " +
                   std::to_string(std::uint64_t(h)) + " pixels, more than the limit of " +
                   std::to_string(options.maxPixels) + " (refused before decoding)";
        if (scans > options.maxJpegScans)
            return "the page holds a JPEG of " + std::to_string(scans) +
                   " scans, more than the limit of " + std::to_string(options.maxJpegScans);
    }
    return {};
}

std::string CheckPageImages(const PdfMemDocument& doc, int index, const IngestOptions& options) {
    PdfPage* page = doc.GetPage(index);
    return page ? CheckImagesOf(doc, page->GetResources(), options, 0) : std::string();
}

/// Counts dictionary nesting (<< >>) over bytes fed in pieces (a "<<" may straddle two).
class NestingCounter {
  public:
    void Feed(std::string_view bytes) {
        for (const char c : bytes) {
            if (c == '<' && last_ == '<') {
                deepest_ = std::max(deepest_, ++depth_);
                last_ = 0;
            } else if (c == '>' && last_ == '>') {
                depth_ = std::max(0, depth_ - 1);
                last_ = 0;
            } else {
                last_ = c;
            }
        }
    }
    int Deepest() const { return deepest_; }

  private:
    int depth_ = 0, deepest_ = 0;
    char last_ = 0;
};

/// Inflated bytes of one object stream that are scanned at most; a larger one is not verified
/// (PoDoFo would hold it whole in memory) and the file goes to poppler alone.
constexpr size_t kMaxObjectStreamBytes = 64u << 20;

/// Counts what look like content-stream operators (runs of letters, not names after '/') over
/// bytes fed in pieces. On binary data it overcounts, which only makes a refusal likelier.
class OperatorCounter {
  public:
    void Feed(std::string_view bytes) {
        for (const char c : bytes) {
            const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*' ||
                                c == '\'' || c == '"';
            if (letter && !inWord_ && last_ != '/') ++count_;
            inWord_ = letter || (inWord_ && c >= '0' && c <= '9');
            last_ = c;
        }
    }
    long Count() const { return count_; }

  private:
    long count_ = 0;
    bool inWord_ = false;
    char last_ = ' ';
};

/// Inflates a FlateDecode stream in pieces, handing each to `feed`; stops after `limit` bytes.
/// Returns true when the data is valid zlib and ended within the limit; `produced` is what came
/// out either way (a damaged stream still yields the bytes before the damage, as poppler reads
/// them).
bool Inflate(std::string_view data, size_t limit, const std::function<void(std::string_view)>& feed,
             size_t* produced = nullptr) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return false;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(std::min<size_t>(data.size(), UINT_MAX));
    std::vector<char> buffer(64 << 10);
    size_t total = 0;
    int status = Z_OK;
    while (status == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer.data());
        z.avail_out = static_cast<uInt>(buffer.size());
        status = inflate(&z, Z_NO_FLUSH);
        const size_t out = buffer.size() - z.avail_out;
        total += out;
        feed(std::string_view(buffer.data(), out));
        if (total > limit || (status == Z_BUF_ERROR && out == 0)) break;
    }
    inflateEnd(&z);
    if (produced) *produced = total;
    return status == Z_STREAM_END;
}

/// True when a stream dictionary's one filter is FlateDecode, without parameters: the one
/// encoding of object streams that is scanned here. Anything else (a chain, an abbreviation, a
/// predictor) is not decoded here, and so not trusted to PoDoFo.
bool IsFlateDecodeAlone(std::string_view dictionary) {
    const size_t key = dictionary.find("/Filter");
    if (key == std::string_view::npos ||
        dictionary.find("/Filter", key + 7) != std::string_view::npos ||
        dictionary.find("/DecodeParms") != std::string_view::npos)
        return false;
    size_t i = key + 7;
    const auto skipSpace = [&] {
        while (i < dictionary.size() && std::isspace(static_cast<unsigned char>(dictionary[i])))
            ++i;
    };
    skipSpace();
    const bool array = i < dictionary.size() && dictionary[i] == '[';
    if (array) ++i, skipSpace();
    if (dictionary.compare(i, 12, "/FlateDecode") != 0) return false;
    i += 12;
    if (i < dictionary.size() &&
        (std::isalnum(static_cast<unsigned char>(dictionary[i])) || dictionary[i] == '_'))
        return false;  // a longer name that only starts the same
    skipSpace();
    return !array || (i < dictionary.size() && dictionary[i] == ']');
}

/// What the file's bytes show before any parser sees them.
struct ByteScan {
    int deepest = 0;  ///< deepest dictionary nesting, in the file and in its object streams
    /// An object stream whose content could not be scanned (a filter other than FlateDecode
    /// alone, corrupt or too large): PoDoFo, which would parse it by recursion, must not see it
    bool unverified = false;
    /// Operators of the file's largest drawing stream (neither image, font, file nor object
    /// stream), as far as it inflates: bounds a page PoDoFo cannot analyse, which poppler would
    /// otherwise draw whatever it holds
    long largestDrawing = 0;
    double largestImage = 0;  ///< pixels of the largest image, as its dictionary or JPEG says
    int mostJpegScans = 0;    ///< scans of the JPEG image with the most
};

/// The number after `key` in a dictionary's text (0 when absent or not a direct number).
double NumberAfter(std::string_view dictionary, std::string_view key) {
    const size_t at = dictionary.find(key);
    if (at == std::string_view::npos) return 0;
    size_t i = at + key.size();
    while (i < dictionary.size() && std::isspace(static_cast<unsigned char>(dictionary[i]))) ++i;
    double value = 0;
    int digits = 0;
    for (; i < dictionary.size() && std::isdigit(static_cast<unsigned char>(dictionary[i])) &&
           digits < 12;
         ++i, ++digits)
        value = value * 10 + (dictionary[i] - '0');
    // "12 0 R" is a reference, not a number: its value is elsewhere.
    size_t j = i;
    while (j < dictionary.size() && dictionary[j] == ' ') ++j;
    while (j < dictionary.size() && std::isdigit(static_cast<unsigned char>(dictionary[j]))) ++j;
    while (j < dictionary.size() && dictionary[j] == ' ') ++j;
    if (j > i && j < dictionary.size() && dictionary[j] == 'R') return 0;
    return value;
}

/// Streams whose dictionary says they are pixels, fonts, files or structure, not drawing.
bool IsDrawingStream(std::string_view dictionary) {
    for (const char* key :
         {"/Width", "/Image", "/XRef", "/ObjStm", "/Length1", "/Length2", "/Length3",
          "/EmbeddedFile", "/Type1C", "/CIDFontType0C", "/OpenType", "/XML", "/Metadata"})
        if (dictionary.find(key) != std::string_view::npos) return false;
    return true;
}

/// Deepest nesting of dictionaries (<< >>) in the file's bytes and inside its object streams
/// (/ObjStm, where a PDF 1.5 file keeps most of its dictionaries compressed), and the operators
/// of its largest drawing stream. PoDoFo 0.9.8 parses a dictionary by recursion without a
/// limit: 100,000 levels overflow the stack, whether in the file's bytes or in an object stream.
/// The largest "/Width" and "/Height" anywhere in the file, and the JPEG headers in it, whatever
/// the stream boundaries say: a damaged "endstream" must not hide an image from this bound.
void ScanImageSizes(std::string_view bytes, ByteScan& result) {
    double widest = 0, tallest = 0;
    for (size_t at = bytes.find("/Width"); at != std::string_view::npos;
         at = bytes.find("/Width", at + 6))
        widest = std::max(widest, NumberAfter(bytes.substr(at, 40), "/Width"));
    for (size_t at = bytes.find("/Height"); at != std::string_view::npos;
         at = bytes.find("/Height", at + 7))
        tallest = std::max(tallest, NumberAfter(bytes.substr(at, 40), "/Height"));
    result.largestImage = std::max(result.largestImage, widest * tallest);
    // Reading a JPEG header walks the whole JPEG (its scans are counted): a few are enough.
    int jpegs = 0;
    for (size_t at = bytes.find("\xFF\xD8\xFF"); at != std::string_view::npos && jpegs < 16;
         at = bytes.find("\xFF\xD8\xFF", at + 3), ++jpegs) {
        std::string ignored;
        if (const auto header = TryReadImageHeader(bytes.substr(at), ImageFormat::Jpeg, ignored)) {
            result.largestImage =
                std::max(result.largestImage, double(header->width) * double(header->height));
            result.mostJpegScans = std::max(result.mostJpegScans, header->scans);
        }
    }
}

ByteScan ScanBytes(std::string_view bytes) {
    ByteScan result;
    ScanImageSizes(bytes, result);
    int depth = 0;
    size_t dictionaryStart = 0;  // where the last top-level dictionary began
    for (size_t i = 0; i + 1 < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '<' && bytes[i + 1] == '<') {
            if (depth == 0) dictionaryStart = i;
            result.deepest = std::max(result.deepest, ++depth);
            ++i;
        } else if (c == '>' && bytes[i + 1] == '>') {
            depth = std::max(0, depth - 1);
            ++i;
        } else if (c == 's' && bytes.compare(i, 6, "stream") == 0 && depth == 0) {
            // A stream without its end keyword runs to the end of the file, as poppler reads it.
            const size_t end = std::min(bytes.find("endstream", i + 6), bytes.size());
            const std::string_view dictionary = bytes.substr(dictionaryStart, i - dictionaryStart);
            size_t start = i + 6;
            if (start < end && bytes[start] == '\r') ++start;
            if (start < end && bytes[start] == '\n') ++start;
            const std::string_view data = bytes.substr(start, end - start);
            if (dictionary.find("/ObjStm") != std::string_view::npos) {
                NestingCounter counter;
                if (!IsFlateDecodeAlone(dictionary) ||
                    !Inflate(data, kMaxObjectStreamBytes,
                             [&](std::string_view piece) { counter.Feed(piece); }))
                    result.unverified = true;
                result.deepest = std::max(result.deepest, counter.Deepest());
            } else if (IsDrawingStream(dictionary)) {
                OperatorCounter counter;
                size_t produced = 0;
                if (dictionary.find("/Filter") == std::string_view::npos)
                    counter.Feed(data.substr(0, size_t(kMaxContentBytes)));
                else if (IsFlateDecodeAlone(dictionary))
                    Inflate(
                        data, size_t(kMaxContentBytes),
                        [&](std::string_view piece) { counter.Feed(piece); }, &produced);
                // Other encodings are left to PoDoFo's analysis, or to the page budgets.
                result.largestDrawing =
                    std::max(result.largestDrawing,
                             produced > size_t(kMaxContentBytes) ? LONG_MAX : counter.Count());
            }
            i = end + 8;
        }
    }
    return result;
}

struct Plan {
    std::string refusal;   ///< non-empty: the page is not read, for this reason
    double renderDpi = 0;  ///< > 0: render the page at this resolution
    std::string jpeg;      ///< non-empty: decode these bytes (a scan passing through)
    double jpegDpi = 0;
    /// Pixels of the images the page draws: poppler decodes each at its own size, for each page
    /// that draws it, whatever the size it is drawn at
    double imagePixels = 0;
};

/// Why a page PoDoFo could not walk is not drawn either: the file holds a drawing or an image
/// poppler could not be stopped on; "" when poppler may draw it.
std::string UnanalysedRefusal(const IngestOptions& options, const ByteScan& scan) {
    if (scan.largestDrawing > options.maxPdfOperators)
        return "the page could not be analysed, and the file holds a drawing of more than " +
               std::to_string(options.maxPdfOperators) +
               " operators: drawing it could take minutes";
    if (scan.largestImage > double(options.maxPixels))
        return "the page could not be analysed, and the file holds an image of " +
               std::to_string(std::uint64_t(scan.largestImage)) +
               " pixels, more than the limit of " + std::to_string(options.maxPixels) +
               " (refused before decoding)";
    if (scan.mostJpegScans > options.maxJpegScans)
        return "the page could not be analysed, and the file holds a JPEG of " +
               std::to_string(scan.mostJpegScans) + " scans, more than the limit of " +
               std::to_string(options.maxJpegScans);
    return "";
}

/// Pixels of the images the page draws, each at its own size.
double DrawnImagePixels(const PdfMemDocument& doc, const PageContent& content) {
    double pixels = 0;
    for (const ImageUse& use : content.images) {
        const PdfObject* width = DictKey(doc, use.object, "Width");
        const PdfObject* height = DictKey(doc, use.object, "Height");
        if (width && height && width->IsNumber() && height->IsNumber() && width->GetNumber() > 0 &&
            height->GetNumber() > 0)
            pixels += double(width->GetNumber()) * double(height->GetNumber());
    }
    return pixels;
}

/// An image drawn upright over (nearly) the whole page: a scan.
struct FullPageScan {
    double pixelsWide = 0, pixelsHigh = 0;
    double nativeDpi = 0;  ///< the resolution the image is drawn at
};

/// The page's one image as a scan; nullopt when it is placed rotated, skewed or mirrored, or
/// covers too little of the page, or has no size: then poppler draws the page.
std::optional<FullPageScan> AsFullPageScan(const PdfMemDocument& doc, const ImageUse& use,
                                           const poppler::page& page) {
    const Matrix& m = use.ctm;
    const poppler::rectf box = page.page_rect(poppler::crop_box);
    const double boxArea = box.width() * box.height();
    const double tolerance = 1e-3 * (std::abs(m.a) + std::abs(m.d));
    if (!(boxArea > 0) || std::abs(m.b) > tolerance || std::abs(m.c) > tolerance || m.a <= 0 ||
        m.d <= 0)
        return std::nullopt;
    const double x0 = std::max(box.x(), m.e), x1 = std::min(box.x() + box.width(), m.e + m.a);
    const double y0 = std::max(box.y(), m.f), y1 = std::min(box.y() + box.height(), m.f + m.d);
    const double overlap = std::max(0.0, x1 - x0) * std::max(0.0, y1 - y0);
    if (overlap < 0.9 * boxArea || overlap < 0.9 * m.a * m.d) return std::nullopt;

    const PdfObject* width = DictKey(doc, use.object, "Width");
    const PdfObject* height = DictKey(doc, use.object, "Height");
    if (!width || !height || !width->IsNumber() || !height->IsNumber()) return std::nullopt;
    FullPageScan scan{double(width->GetNumber()), double(height->GetNumber())};
    if (scan.pixelsWide <= 0 || scan.pixelsHigh <= 0) return std::nullopt;
    scan.nativeDpi = std::sqrt((scan.pixelsWide * 72 / m.a) * (scan.pixelsHigh * 72 / m.d));
    return scan;
}

/// The scan's JPEG file as stored, when it can pass through undecoded by poppler: baseline 8-bit
/// without masks or decode arrays, on a portrait page, its header matching the image's size.
/// "" otherwise (CMYK, 12-bit, mismatched or broken: poppler knows how to show it).
std::string PassThroughJpeg(const PdfMemDocument& doc, const ImageUse& use,
                            const poppler::page& page, const FullPageScan& scan) {
    const PdfObject* filter = DictKey(doc, use.object, "Filter");
    if (filter && filter->IsArray() && filter->GetArray().size() == 1)
        filter = Resolve(doc, &filter->GetArray()[0]);
    const PdfObject* bits = DictKey(doc, use.object, "BitsPerComponent");
    const bool plainJpeg =
        IsName(filter, "DCTDecode") && bits && bits->IsNumber() && bits->GetNumber() == 8 &&
        !DictKey(doc, use.object, "Decode") && !DictKey(doc, use.object, "SMask") &&
        !DictKey(doc, use.object, "Mask") && !DictKey(doc, use.object, "ImageMask");
    if (!plainJpeg || page.orientation() != poppler::page::portrait || !use.object->HasStream())
        return "";
    std::string jpeg;
    char* raw = nullptr;
    pdf_long length = 0;
    use.object->GetStream()->GetCopy(&raw, &length);  // the encoded bytes: the JPEG file itself
    if (raw && length > 0) jpeg.assign(raw, static_cast<size_t>(length));
    podofo_free(raw);
    if (jpeg.empty()) return "";
    std::string why;
    const auto header = TryReadImageHeader(jpeg, ImageFormat::Jpeg, why);
    if (!header || !header->jpegPassThrough || header->width != int(scan.pixelsWide) ||
        header->height != int(scan.pixelsHigh))
        return "";
    return jpeg;
}

/// Decides how to read page `index` from its analysed content and poppler's page geometry.
Plan PlanPage(const PdfMemDocument* doc, int index, const poppler::page& page,
              const IngestOptions& options, const ByteScan& scan) {
    Plan plan;
    plan.renderDpi = options.pdfRenderDpi;
    // Content PoDoFo cannot walk is still drawn by poppler, unless the file holds a drawing
    // larger than a page may have: poppler's drawing cannot be stopped once started.
    const auto unanalysed = [&] {
        plan.refusal = UnanalysedRefusal(options, scan);
        return plan;
    };
    if (!doc) return unanalysed();
    PageContent content;
    try {
        plan.refusal = CheckPageImages(*doc, index, options);
        if (!plan.refusal.empty()) return plan;
        content = AnalysePage(*doc, index, options.maxPdfOperators);
    } catch (...) {
        return unanalysed();
    }
    plan.imagePixels = DrawnImagePixels(*doc, content);
    if (content.tooComplex) {
        plan.refusal = "the page's drawing is larger than the limit (" +
                       std::to_string(options.maxPdfOperators) + " operators, " +
                       std::to_string(kMaxContentBytes >> 20) +
                       " MB of content): drawing it would take minutes";
        return plan;
    }
    if (!content.analysed) return unanalysed();  // cut short: its operators were not all seen
    if (content.otherMarks || content.images.size() != 1) return plan;
    const ImageUse& use = content.images.front();
    const std::optional<FullPageScan> fullPage = AsFullPageScan(*doc, use, page);
    if (!fullPage) return plan;
    plan.renderDpi = std::clamp(fullPage->nativeDpi, kMinNativeDpi, kMaxNativeDpi);
    plan.jpeg = PassThroughJpeg(*doc, use, page, *fullPage);
    if (plan.jpeg.empty()) return plan;
    plan.jpegDpi = fullPage->nativeDpi;
    plan.renderDpi = 0;
    return plan;
}

/// Gray when every pixel is (nearly) neutral: scans and text pages need no colour, and gray is a
/// third of the memory for every later stage.
cv::Mat GrayIfAchromatic(const cv::Mat& bgr) {
    for (int y = 0; y < bgr.rows; ++y) {
        const auto* p = bgr.ptr<std::uint8_t>(y);
        for (int x = 0; x < bgr.cols; ++x, p += 3)
            if (std::abs(p[0] - p[1]) > 3 || std::abs(p[1] - p[2]) > 3) return bgr;
    }
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

/// Renders at `dpi`, or lower when the page would come out larger than a page keeps: poppler
/// draws straight at the reduced size, the full one is never allocated.
bool TryRender(const poppler::page& page, double dpi, const IngestOptions& options,
               DecodedPage& out, std::string& why) {
    const poppler::rectf box = page.page_rect(poppler::crop_box);
    const double w = std::ceil(std::abs(box.width()) * dpi / 72);
    const double h = std::ceil(std::abs(box.height()) * dpi / 72);
    if (!std::isfinite(w) || !std::isfinite(h) || w < 1 || h < 1) {
        why = "the PDF page has an empty or invalid page box";
        return false;
    }
    if (w * h > double(options.maxPixels) || w > INT_MAX / 4 || h > INT_MAX / 4) {
        why = "the PDF page would render to " + std::to_string(std::uint64_t(w)) + " x " +
              std::to_string(std::uint64_t(h)) + " pixels at " + std::to_string(int(dpi)) +
              " dpi, more than the limit of " + std::to_string(options.maxPixels);
        return false;
    }
    out.fullSize = cv::Size();
    if (w * h > double(options.maxKeptPixels) && options.maxKeptPixels > 0) {
        out.fullSize = cv::Size(int(w), int(h));
        dpi *= std::sqrt(double(options.maxKeptPixels) / (w * h));
    }
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_bgr24);
    const poppler::image image = renderer.render_page(&page, dpi, dpi);
    if (!image.is_valid() || image.format() != poppler::image::format_bgr24 || image.width() <= 0 ||
        image.height() <= 0) {
        why = "the PDF page could not be rendered";
        return false;
    }
    const cv::Mat view(image.height(), image.width(), CV_8UC3,
                       const_cast<char*>(image.const_data()),
                       static_cast<size_t>(image.bytes_per_row()));
    // A gray page is converted straight from poppler's buffer; only colour needs a copy of it.
    out.pixels = GrayIfAchromatic(view);
    if (out.pixels.data == view.data) out.pixels = view.clone();
    out.dpi = dpi;
    return true;
}

/// Pixels the page costs to read: its scan's declared size, or the larger of its render size and
/// the pixels of the images poppler decodes to draw it (a page of a few hundred pixels drawing a
/// 100-MP image costs 100 MP of decoding, every time).
std::uint64_t RenderPixels(const poppler::page& page, const Plan& plan) {
    if (!plan.jpeg.empty()) {
        std::string ignored;
        const auto header = TryReadImageHeader(plan.jpeg, ImageFormat::Jpeg, ignored);
        return header ? std::uint64_t(header->width) * std::uint64_t(header->height) : 0;
    }
    const poppler::rectf box = page.page_rect(poppler::crop_box);
    const double w = std::ceil(std::abs(box.width()) * plan.renderDpi / 72);
    const double h = std::ceil(std::abs(box.height()) * plan.renderDpi / 72);
    // An impossible box is refused by TryRender with its own reason.
    const double pixels = std::max(w * h, plan.imagePixels);
    return std::isfinite(pixels) && pixels < 1e18 ? std::uint64_t(pixels) : 0;
}

/// Why the file is refused before poppler parses it; "" when it may be parsed.
std::string RefusalBeforeParsing(std::string_view bytes) {
    if (bytes.size() > size_t(INT_MAX)) return "the PDF is too large to open";
    // Every complete PDF (and every incremental update) ends with %%EOF; poppler would rebuild a
    // truncated file's cross-reference table and show half a scan as if it were whole.
    if (bytes.substr(bytes.size() > 2048 ? bytes.size() - 2048 : 0).find("%%EOF") ==
        std::string_view::npos)
        return "the PDF is truncated (no end-of-file marker)";
    return "";
}

/// The file opened by poppler, with pages; nullptr with `why` set when it cannot be read.
std::unique_ptr<poppler::document> OpenWithPoppler(std::string_view bytes, std::string& why) {
    std::unique_ptr<poppler::document> document(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!document)
        why = "the PDF is corrupt or truncated and could not be opened";
    else if (document->is_locked())
        why = "the PDF is encrypted and needs a password to open";
    else if (document->pages() <= 0)
        why = "the PDF has no pages";
    else
        return document;
    return nullptr;
}

/// The file parsed by PoDoFo for the analysis of each page; nullptr when the byte scan could not
/// vouch for it or PoDoFo and poppler disagree: every page is then rendered by poppler, slower,
/// never unsafe.
std::unique_ptr<PdfMemDocument> OpenForAnalysis(std::string_view bytes, const ByteScan& scan,
                                                int pageCount) {
    if (scan.unverified) return nullptr;
    try {
        auto podofo = std::make_unique<PdfMemDocument>();
        podofo->LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
        if (podofo->GetPageCount() != pageCount) return nullptr;
        return podofo;
    } catch (...) {
        return nullptr;
    }
}

/// Page `plan` says how to read: its scan passed through, or rendered; false with `why` set.
bool DecodePlannedPage(const poppler::page& page, const Plan& plan, const IngestOptions& options,
                       DecodedPage& decoded, std::string& why) {
    if (plan.jpeg.empty()) {
        if (!TryRender(page, plan.renderDpi, options, decoded, why)) return false;
        decoded.sha256 = PixelSha256(decoded.pixels);
        return true;
    }
    if (!TryDecodeJpeg(plan.jpeg, options, false, decoded, why)) {
        why = "its embedded scan is unreadable: " + why;
        return false;
    }
    decoded.dpi = plan.jpegDpi;
    if (!decoded.fullSize.empty())  // decoded reduced
        decoded.dpi *= double(decoded.pixels.cols) / decoded.fullSize.width;
    decoded.sha256 = Sha256Hex(plan.jpeg);
    return true;
}

/// Reads page `index` into `file`, or records why not; false when the file's budget is spent and
/// the rest of its pages are not to be read.
bool ReadPdfPage(poppler::document& document, int index, const PdfMemDocument* podofo,
                 const IngestOptions& options, const ByteScan& scan, FileBudget& budget,
                 DecodedFile& file, const PageSink& sink) {
    const int pageNo = index + 1;
    std::string why;
    if (!budget.HasTimeLeft(why)) {
        file.failures.push_back({pageNo, why + "; this page and the rest were not read", true});
        return false;
    }
    std::unique_ptr<poppler::page> page(document.create_page(index));
    if (!page) {
        file.failures.push_back({pageNo, "the page object is corrupt"});
        return true;
    }
    const Plan plan = PlanPage(podofo, index, *page, options, scan);
    if (!plan.refusal.empty()) {
        file.failures.push_back({pageNo, plan.refusal});
        return true;
    }
    if (!budget.TryTake(RenderPixels(*page, plan), why)) {
        file.failures.push_back({pageNo, why + "; this page and the rest were not read", true});
        return false;
    }
    DecodedPage decoded;
    decoded.pageInFile = pageNo;
    if (!DecodePlannedPage(*page, plan, options, decoded, why)) {
        file.failures.push_back({pageNo, why});
        return true;
    }
    file.Add(std::move(decoded), sink);
    return true;
}

}  // namespace

DecodedFile DecodePdf(std::string_view bytes, const IngestOptions& options, const PageSink& sink) {
    Quiet();
    std::lock_guard lock(PdfMutex());
    DecodedFile file;
    if (std::string why = RefusalBeforeParsing(bytes); !why.empty()) {
        file.failures.push_back({0, why});
        return file;
    }
    const ByteScan scan = ScanBytes(bytes);
    if (scan.deepest > options.maxPdfNesting) {
        file.failures.push_back({0, "the PDF nests dictionaries " + std::to_string(scan.deepest) +
                                        " deep, more than the limit of " +
                                        std::to_string(options.maxPdfNesting) +
                                        " (refused before parsing)"});
        return file;
    }
    std::string why;
    const std::unique_ptr<poppler::document> document = OpenWithPoppler(bytes, why);
    if (!document) {
        file.failures.push_back({0, why});
        return file;
    }
    const int count = document->pages();
    const int pages = std::min(count, std::max(options.maxPagesPerFile, 1));
    const std::unique_ptr<PdfMemDocument> podofo = OpenForAnalysis(bytes, scan, count);
    FileBudget budget(options);
    for (int i = 0; i < pages; ++i)
        if (!ReadPdfPage(*document, i, podofo.get(), options, scan, budget, file, sink))
            return file;
    if (count > pages)
        file.failures.push_back({pages + 1,
                                 "the PDF has " + std::to_string(count) +
                                     " pages, more than the limit of " + std::to_string(pages) +
                                     " for this file (per file, and what is left of the pages per "
                                     "case); this page and the rest were not read",
                                 true});
    return file;
}

}  // namespace dossier
