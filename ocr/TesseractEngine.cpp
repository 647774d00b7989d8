// Tesseract, built as a module of its own (libdossier_tesseract.so) that ocr/OcrEngine.cpp loads
// when the first engine is made: Tesseract and what it links (libgomp, curl, archive: 31 more
// shared libraries) cost every process ~20 ms to load, and `dossier mrz` on a clear MRZ, `verify`
// and `photo` never use it.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/osdetect.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "core/Error.h"
#include "ocr/Drawings.h"
#include "ocr/Frames.h"
#include "ocr/OcrEngine.h"
#include "ocr/ReadingOrder.h"
#include "ocr/RuledTables.h"
#include "ocr/ScriptConsistency.h"
#include "ocr/SecondReading.h"

namespace dossier {

namespace {

std::vector<std::string> SplitLanguages(const std::string& languages) {
    std::vector<std::string> out;
    std::stringstream stream(languages);
    for (std::string lang; std::getline(stream, lang, '+');)
        if (!lang.empty()) out.push_back(lang);
    return out;
}

// `box` with a third of its height of paper round it, within the page: the model wants a little
// paper round a word or a line.
cv::Rect WithPaperAround(const cv::Rect& box, const cv::Size& page) {
    const int margin = std::max(2, box.height / 3);
    return cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin,
                    box.height + 2 * margin) &
           cv::Rect(0, 0, page.width, page.height);
}

cv::Mat ToContiguousGray(const cv::Mat& image) {
    cv::Mat gray;
    if (image.channels() == 3)
        cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    else if (image.channels() == 4)
        cv::cvtColor(image, gray, cv::COLOR_BGRA2GRAY);
    else
        gray = image;
    if (gray.depth() != CV_8U) gray.convertTo(gray, CV_8U);
    return gray;
}

class TesseractEngine final : public OcrEngine {
  public:
    explicit TesseractEngine(const OcrOptions& options) : options_(options) {
        static std::once_flag quietLeptonica;
        std::call_once(quietLeptonica, [] { setMsgSeverity(L_SEVERITY_ERROR); });
        const char* datapath = options.tessdataDir.empty() ? nullptr : options.tessdataDir.c_str();
        if (api_.Init(datapath, options.languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
            throw Error(ErrorCode::MissingResource,
                        "Tesseract could not load languages '" + options.languages + "'");
        std::vector<std::string> loaded;
        api_.GetLoadedLanguagesAsVector(&loaded);
        for (const auto& wanted : SplitLanguages(options.languages))
            if (std::find(loaded.begin(), loaded.end(), wanted) == loaded.end())
                throw Error(
                    ErrorCode::MissingResource,
                    "Tesseract language '" + wanted +
                        "' did not load; install its traineddata (e.g. tesseract-ocr-script-cyrl)");
        loaded_ = loaded;
        api_.SetPageSegMode(options.singleBlock ? tesseract::PSM_SINGLE_BLOCK
                                                : tesseract::PSM_AUTO);
        if (!options.characterWhitelist.empty())
            api_.SetVariable("tessedit_char_whitelist", options.characterWhitelist.c_str());
        // Tesseract's diagnostics ("Invalid resolution", "Too few characters") go to stderr and
        // would drown the run's own log; debug_file is process-wide.
        api_.SetVariable("debug_file", "/dev/null");
    }

    ~TesseractEngine() override {
        api_.End();
        if (latin_) latin_->End();
        if (osdReady_) osd_.End();
    }

    OcrText Recognize(const cv::Mat& image, double dpi) override {
        // The rules of tables and forms stay on the page: Tesseract finds a ruled table's rows by
        // them (with the rules painted out it took a table's number column for vertical text).
        const cv::Mat gray = ToContiguousGray(image);
        if (gray.empty()) throw Error(ErrorCode::Ocr, "empty image given to OCR");
        api_.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
        api_.SetSourceResolution(static_cast<int>(std::lround(ResolutionOrDefault(dpi))));
        if (api_.Recognize(nullptr) != 0) {
            api_.Clear();
            throw Error(ErrorCode::Ocr, "Tesseract recognition failed");
        }
        OcrText result = Collect();
        if (options_.readDoubtfulAgain && !options_.singleBlock &&
            WorthReadingAgain(result, options_.secondReading)) {
            const cv::Mat smoothed = SmoothedForSecondReading(gray, dpi, options_.secondReading);
            api_.SetImage(smoothed.data, smoothed.cols, smoothed.rows, 1,
                          static_cast<int>(smoothed.step));
            api_.SetSourceResolution(static_cast<int>(std::lround(ResolutionOrDefault(dpi))));
            if (api_.Recognize(nullptr) == 0)
                TakeSurerReadings(result, Collect(), options_.secondReading);
        }
        if (options_.setAsideDrawings && !options_.singleBlock)
            result = SetAsideReadingsOfDrawings(std::move(result), gray, dpi, options_.drawings);
        // Tesseract's layout analysis, mended where it reads prose columns across or cuts a
        // form's rows into columns.
        result = RestoreReadingOrder(std::move(result));
        if (options_.readFramesApart && !options_.singleBlock)
            result = ReadFramesApart(std::move(result), gray, dpi, options_.frames);
        if (options_.readTableCells && !options_.singleBlock)
            for (const RuledTable& table : FindRuledTables(gray, dpi, options_.tables))
                result = WithTableCells(std::move(result), table, ReadCells(gray, dpi, table),
                                        options_.tables);
        result.languages = loaded_;
        api_.Clear();
        if (options_.unifyScripts) {
            const std::vector<WordAt> words = UnifyScripts(result, options_.scripts);
            if (!words.empty() && LatinReaderReady()) {
                latin_->SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
                latin_->SetSourceResolution(
                    static_cast<int>(std::lround(ResolutionOrDefault(dpi))));
                RereadInLatin(result, words, [&](const cv::Rect& phrase, const cv::Rect& box) {
                    // Alone, and in its phrase: the words about it help the model where the
                    // word's own box holds too little of it (the surer reading is kept).
                    std::optional<OcrWord> alone = ReadWordInLatin(gray.size(), box);
                    std::optional<OcrWord> inPhrase =
                        ReadWordInPhraseInLatin(gray.size(), phrase, box);
                    if (!alone || (inPhrase && inPhrase->confidence > alone->confidence))
                        return inPhrase;
                    return alone;
                });
                latin_->Clear();
            }
        }
        return result;
    }

    std::optional<OrientationGuess> DetectOrientation(const cv::Mat& image, double dpi) override {
        if (!osdReady_) {
            const char* datapath =
                options_.tessdataDir.empty() ? nullptr : options_.tessdataDir.c_str();
            // osd.traineddata is a legacy model, so this instance cannot be LSTM-only.
            if (osd_.Init(datapath, "osd", tesseract::OEM_TESSERACT_ONLY) != 0)
                throw Error(
                    ErrorCode::MissingResource,
                    "Tesseract orientation data (osd) did not load; install tesseract-ocr-osd");
            osd_.SetPageSegMode(tesseract::PSM_OSD_ONLY);
            osdReady_ = true;
        }
        cv::Mat gray = ToContiguousGray(image);
        double workingDpi = ResolutionOrDefault(dpi);
        if (workingDpi > options_.orientationDpi * 1.2) {
            const double scale = options_.orientationDpi / workingDpi;
            cv::resize(gray, gray, cv::Size(), scale, scale, cv::INTER_AREA);
            workingDpi = options_.orientationDpi;
        }
        if (!gray.isContinuous()) gray = gray.clone();
        osd_.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
        osd_.SetSourceResolution(static_cast<int>(std::lround(workingDpi)));
        int degrees = 0;
        float orientationConfidence = 0.f;
        const char* script = nullptr;
        float scriptConfidence = 0.f;
        const bool ok = osd_.DetectOrientationScript(&degrees, &orientationConfidence, &script,
                                                     &scriptConfidence);
        osd_.Clear();
        if (!ok || orientationConfidence < options_.minOrientationConfidence) return std::nullopt;
        // Tesseract reports the page's own clockwise rotation; undoing it is the complement.
        return OrientationGuess{(360 - degrees) % 360, orientationConfidence};
    }

  private:
    // The English model alone, loaded on the first page that needs it.
    bool LatinReaderReady() {
        if (latin_) return true;
        // Tried once per engine: a model that did not load will not load on the next page either.
        if (latinTried_) return false;
        latinTried_ = true;
        if (std::find(loaded_.begin(), loaded_.end(), "eng") == loaded_.end()) return false;
        auto api = std::make_unique<tesseract::TessBaseAPI>();
        const char* datapath =
            options_.tessdataDir.empty() ? nullptr : options_.tessdataDir.c_str();
        if (api->Init(datapath, "eng", tesseract::OEM_LSTM_ONLY) != 0) return false;
        api->SetPageSegMode(tesseract::PSM_SINGLE_WORD);
        latin_ = std::move(api);
        return true;
    }

    // One word of the page set on latin_.
    std::optional<OcrWord> ReadWordInLatin(const cv::Size& page, const cv::Rect& box) {
        const cv::Rect around = WithPaperAround(box, page);
        if (around.empty()) return std::nullopt;
        latin_->SetRectangle(around.x, around.y, around.width, around.height);
        std::unique_ptr<char[]> text(latin_->GetUTF8Text());
        OcrWord word;
        word.box = box;
        word.confidence = static_cast<float>(latin_->MeanTextConf());
        if (!text) return std::nullopt;
        word.text = text.get();
        while (!word.text.empty() && std::isspace(static_cast<unsigned char>(word.text.back())))
            word.text.pop_back();
        if (word.text.empty()) return std::nullopt;
        return word;
    }

    // Each cell of the table, alone: a page of its own with a margin of paper round it (a cell's
    // text often comes as close to its rules as a line's height, and Tesseract reads nothing of a
    // line that touches the edge of its image).
    std::vector<OcrText> ReadCells(const cv::Mat& gray, double dpi, const RuledTable& table) {
        const int margin = std::max(8, int(std::lround(ResolutionOrDefault(dpi) * 0.1)));
        std::vector<OcrText> cells;
        for (const cv::Rect& ruled : table.cells) {
            const cv::Rect cell = ruled & cv::Rect(0, 0, gray.cols, gray.rows);
            if (cell.empty()) {
                cells.emplace_back();
                continue;
            }
            cv::Mat alone(cell.height + 2 * margin, cell.width + 2 * margin, CV_8UC1,
                          cv::Scalar(255));
            gray(cell).copyTo(alone(cv::Rect(margin, margin, cell.width, cell.height)));
            api_.SetImage(alone.data, alone.cols, alone.rows, 1, static_cast<int>(alone.step));
            api_.SetSourceResolution(static_cast<int>(std::lround(ResolutionOrDefault(dpi))));
            if (api_.Recognize(nullptr) != 0) {
                api_.Clear();
                throw Error(ErrorCode::Ocr, "Tesseract recognition failed in a table cell");
            }
            cells.push_back(Shifted(RestoreReadingOrder(Collect()),
                                    cv::Point(cell.x - margin, cell.y - margin)));
        }
        return cells;
    }

    // `text` read from an image whose origin lies at `origin` on the page, in page pixels.
    static OcrText Shifted(OcrText text, const cv::Point& origin) {
        const cv::Point2f by(float(origin.x), float(origin.y));
        for (OcrBlock& block : text.blocks) {
            block.box += origin;
            for (OcrLine& line : block.lines) {
                line.box += origin;
                line.baselineStart += by;
                line.baselineEnd += by;
                for (OcrWord& word : line.words) word.box += origin;
            }
        }
        return text;
    }

    // The word at `box` as the English model reads its phrase at `phrase` as one line, on the page
    // set on latin_: the word of that reading that overlaps it most, when by half at least.
    std::optional<OcrWord> ReadWordInPhraseInLatin(const cv::Size& page, const cv::Rect& phrase,
                                                   const cv::Rect& box) {
        const cv::Rect around = WithPaperAround(phrase, page);
        if (around.empty()) return std::nullopt;
        latin_->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
        latin_->SetRectangle(around.x, around.y, around.width, around.height);
        const bool read = latin_->Recognize(nullptr) == 0;
        std::optional<OcrWord> best;
        double bestOverlap = 0.5;
        std::unique_ptr<tesseract::ResultIterator> it(read ? latin_->GetIterator() : nullptr);
        if (it) do {
                int x1, y1, x2, y2;
                if (it->Empty(tesseract::RIL_WORD) ||
                    !it->BoundingBox(tesseract::RIL_WORD, &x1, &y1, &x2, &y2))
                    continue;
                const cv::Rect at(x1, y1, x2 - x1, y2 - y1);
                const double overlap = double((at & box).area()) / std::max(1, (at | box).area());
                std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
                if (overlap < bestOverlap || !text) continue;
                bestOverlap = overlap;
                best = OcrWord{text.get(), box, it->Confidence(tesseract::RIL_WORD)};
            } while (it->Next(tesseract::RIL_WORD));
        latin_->SetPageSegMode(tesseract::PSM_SINGLE_WORD);
        return best;
    }

    OcrText Collect() {
        OcrText result;
        std::unique_ptr<char[]> text(api_.GetUTF8Text());
        if (text) result.text = text.get();
        std::unique_ptr<tesseract::ResultIterator> it(api_.GetIterator());
        if (!it) return result;
        int paragraph = -1;  // index of the current paragraph in the current block
        do {
            if (it->Empty(tesseract::RIL_WORD)) continue;
            if (it->IsAtBeginningOf(tesseract::RIL_BLOCK) || result.blocks.empty()) {
                result.blocks.emplace_back();
                paragraph = -1;
                int x1, y1, x2, y2;
                if (it->BoundingBox(tesseract::RIL_BLOCK, &x1, &y1, &x2, &y2))
                    result.blocks.back().box = cv::Rect(x1, y1, x2 - x1, y2 - y1);
            }
            auto& block = result.blocks.back();
            if (it->IsAtBeginningOf(tesseract::RIL_PARA) || paragraph < 0) ++paragraph;
            if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || block.lines.empty()) {
                OcrLine line;
                line.paragraph = paragraph;
                int x1, y1, x2, y2;
                if (it->BoundingBox(tesseract::RIL_TEXTLINE, &x1, &y1, &x2, &y2))
                    line.box = cv::Rect(x1, y1, x2 - x1, y2 - y1);
                int bx1, by1, bx2, by2;
                if (it->Baseline(tesseract::RIL_TEXTLINE, &bx1, &by1, &bx2, &by2)) {
                    line.baselineStart =
                        cv::Point2f(static_cast<float>(bx1), static_cast<float>(by1));
                    line.baselineEnd =
                        cv::Point2f(static_cast<float>(bx2), static_cast<float>(by2));
                } else {
                    line.baselineStart =
                        cv::Point2f(static_cast<float>(x1), static_cast<float>(y2));
                    line.baselineEnd = cv::Point2f(static_cast<float>(x2), static_cast<float>(y2));
                }
                // Ascent from the higher end of a skewed baseline, so skew does not inflate it.
                const float highest = std::min(line.baselineStart.y, line.baselineEnd.y);
                line.ascent = std::max(1.f, highest - static_cast<float>(line.box.y));
                block.lines.push_back(line);
            }
            OcrWord word;
            std::unique_ptr<char[]> wordText(it->GetUTF8Text(tesseract::RIL_WORD));
            if (!wordText) continue;
            word.text = wordText.get();
            word.confidence = it->Confidence(tesseract::RIL_WORD);
            int x1, y1, x2, y2;
            if (it->BoundingBox(tesseract::RIL_WORD, &x1, &y1, &x2, &y2))
                word.box = cv::Rect(x1, y1, x2 - x1, y2 - y1);
            block.lines.back().words.push_back(std::move(word));
        } while (it->Next(tesseract::RIL_WORD));
        result.meanConfidence = MeanConfidence(result.blocks);
        return result;
    }

    OcrOptions options_;
    tesseract::TessBaseAPI api_;
    tesseract::TessBaseAPI osd_;
    bool osdReady_ = false;
    std::unique_ptr<tesseract::TessBaseAPI> latin_;
    bool latinTried_ = false;
    std::vector<std::string> loaded_;
};

}  // namespace

}  // namespace dossier

// The module's one exported symbol (ocr/OcrEngine.cpp looks it up).
extern "C" __attribute__((visibility("default"))) dossier::OcrEngine* dossier_new_tesseract_engine(
    const dossier::OcrOptions& options) {
    return new dossier::TesseractEngine(options);
}
