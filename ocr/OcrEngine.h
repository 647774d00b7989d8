// The OCR seam: one engine per worker thread; Tesseract in production, fakes in tests.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "core/Ocr.h"
#include "ocr/Drawings.h"
#include "ocr/Frames.h"
#include "ocr/RuledTables.h"
#include "ocr/ScriptConsistency.h"
#include "ocr/SecondReading.h"

namespace dossier {

struct OcrOptions {
    /// Tesseract languages joined by '+'; every one must load (default: "Cyrillic+eng")
    std::string languages = "Cyrillic+eng";
    /// tessdata folder; empty means Tesseract's compiled-in default (default: "")
    std::string tessdataDir;
    /// Downscale pages to about this resolution for orientation detection (default: 150)
    double orientationDpi = 150.0;
    /// Below this OSD confidence the page is left as it is (default: 2.0)
    float minOrientationConfidence = 2.0f;
    /// One script per word, and words of Latin text read again in English alone when they came
    /// out Cyrillic (needs "eng" among `languages`; default: true)
    bool unifyScripts = true;
    /// When a block counts as Latin text
    ScriptOptions scripts;
    /// A page with many doubtful words is read again from a smoothed copy, and each doubtful word
    /// takes the surer of its two readings (default: true)
    bool readDoubtfulAgain = true;
    /// When, and how
    SecondReadingOptions secondReading;
    /// Words read from drawings (a chart's curves, a flowchart's outlines) left out of the text
    /// (default: true)
    bool setAsideDrawings = true;
    /// What makes a word a reading of a drawing
    DrawingOptions drawings;
    /// The text of drawn frames (a chart's boxes) read frame by frame where Tesseract's lines run
    /// across them (default: true)
    bool readFramesApart = true;
    /// What makes a frame
    FrameOptions frames;
    /// Tables ruled into cells read cell by cell, each cell text of its own (default: true)
    bool readTableCells = true;
    /// What makes a ruled table
    RuledTableOptions tables;
    /// The only characters Tesseract may read; empty for any (default: "")
    std::string characterWhitelist;
    /// The image is one block of text (a band of lines, such as an MRZ) rather than a page whose
    /// layout Tesseract analyses (default: false)
    bool singleBlock = false;
};

struct OrientationGuess {
    int clockwiseCorrection =
        0;  ///< rotate the page clockwise by this (0/90/180/270) to make it upright
    float confidence = 0.f;
};

/// Recognises text on prepared pages. An engine is created once per worker thread, reused for
/// every page that thread handles, and runs on the calling thread only: it must never start
/// threads of its own (the pipeline parallelises across pages).
class OcrEngine {
  public:
    virtual ~OcrEngine() = default;
    /// Words, lines and blocks of an 8-bit gray page in reading order. Throws Error(Ocr).
    virtual OcrText Recognize(const cv::Mat& gray, double dpi) = 0;
    /// How to turn the page upright; nullopt when the engine cannot tell (too little text).
    virtual std::optional<OrientationGuess> DetectOrientation(const cv::Mat& gray, double dpi) = 0;
};

/// A Tesseract (LSTM) engine, from the Tesseract module, which the first call loads (after
/// LimitOpenMpToOneThread). Throws Error(MissingResource) when the module or a requested language
/// does not load: Tesseract itself would skip a language silently.
std::unique_ptr<OcrEngine> CreateTesseractEngine(const OcrOptions& options = {});

/// Sets OMP_THREAD_LIMIT=1 for this process unless it is already: libgomp reads it once, when it
/// loads with the Tesseract module, and one OpenMP thread per engine is 3-5x faster with one
/// engine per core. Call first thing in main(), before any thread: the environment is not safe
/// to change while other threads read it. The first engine made calls it too.
void LimitOpenMpToOneThread();

}  // namespace dossier
