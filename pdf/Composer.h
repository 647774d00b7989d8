// Internal PDF plumbing shared by the case file and the receipt: fonts, text flow, PDF/A metadata.
#pragma once

#include <podofo/podofo.h>

#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dossier::pdf {

/// A colour as DeviceRGB components 0..1.
struct Rgb {
    double r = 0, g = 0, b = 0;
};

/// What goes into the Info dictionary and the XMP packet (kept identical, as PDF/A requires).
struct DocumentInfo {
    std::string title, subject, keywords;
    std::string language = "kk-KZ";
    std::time_t created = 0;  ///< 0 = now
};

/// A PoDoFo document with our fonts and the PDF/A-2b furniture. Not thread-safe; one per build.
class Composer {
  public:
    /// Empty paths mean the installed defaults (DOSSIER_FONT_FILE, DOSSIER_ICC_FILE).
    Composer(const std::string& fontFile, const std::string& iccFile, bool pdfa);

    PoDoFo::PdfMemDocument& Doc() { return doc_; }
    /// The font at `size` points; PoDoFo reads size and scale at DrawText time.
    PoDoFo::PdfFont* Font(bool bold, double size);
    double TextWidth(const std::string& utf8, bool bold, double size);
    /// Greedy word wrap; words longer than `width` are broken between characters.
    std::vector<std::string> Wrap(const std::string& utf8, bool bold, double size, double width);

    /// Writes Info, XMP (with pdfaid when aiming at PDF/A), OutputIntent and /Lang, then the bytes.
    std::string Finish(const DocumentInfo& info);

  private:
    PoDoFo::PdfMemDocument doc_;
    PoDoFo::PdfFont* regular_ = nullptr;
    PoDoFo::PdfFont* bold_ = nullptr;
    std::string iccFile_;
    bool pdfa_ = true;
};

/// PdfString from UTF-8.
PoDoFo::PdfString Utf8(const std::string& text);

/// PDF date string "D:YYYYMMDDHHmmSS+hh'mm'" and XMP date "YYYY-MM-DDThh:mm:ss+hh:mm", local time.
std::string PdfDateString(std::time_t t);
std::string XmpDateString(std::time_t t);

/// A4 pages filled top to bottom. With `measureOnly` nothing is drawn and no page is created, so
/// a first pass can count pages before links to later pages are known.
class Flow {
  public:
    static constexpr double kPageWidth = 595.276, kPageHeight = 841.89, kMargin = 40.0;

    Flow(Composer& composer, bool measureOnly);
    ~Flow();

    /// Starts a new page when fewer than `height` points remain.
    void Need(double height);
    void NewPage();
    /// Finishes the current page (idempotent).
    void End();

    /// Writes wrapped text at the cursor and moves it down; returns the height used.
    double Paragraph(const std::string& utf8, double size, bool bold = false, Rgb color = {},
                     double indent = 0, double width = 0);
    /// Draws one line at an absolute position (baseline), no wrap.
    void TextAt(double x, double baselineY, const std::string& utf8, double size, bool bold = false,
                Rgb color = {});
    void FillRect(double x, double y, double w, double h, Rgb color);
    void StrokeRect(double x, double y, double w, double h, Rgb color, double lineWidth = 0.5);
    void Gap(double points) { y_ -= points; }

    double Y() const { return y_; }
    void SetY(double y) { y_ = y; }
    /// Bottom limit of the current page (raised on the first page to keep a box free).
    void SetBottom(double bottom) { bottom_ = bottom; }
    double Bottom() const { return bottom_; }
    /// 0-based index of the current page among the pages this flow made.
    int PageIndex() const { return pageIndex_; }
    int PageCount() const { return pageIndex_ + 1; }
    bool Measuring() const { return measureOnly_; }
    PoDoFo::PdfPainter* Painter() { return measureOnly_ ? nullptr : &painter_; }
    Composer& Compose() { return composer_; }
    /// Called after each new page is started (headers, reserved boxes).
    std::function<void(Flow&)> onNewPage;

  private:
    void Open();

    Composer& composer_;
    bool measureOnly_;
    PoDoFo::PdfPainter painter_;
    bool open_ = false;
    int pageIndex_ = -1;
    double y_ = 0, bottom_ = kMargin;
};

/// The signature block at kCoverSignatureBox on the current page: who signs, how to check it, and
/// a red TEST label for test keys. SignPdf puts the signature widget on the same rectangle.
void DrawSignatureBlock(Flow& flow, const std::string& signerName, bool testKey);

}  // namespace dossier::pdf
