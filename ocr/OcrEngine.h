// The OCR seam: one engine per worker thread; Tesseract in production, fakes in tests.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "core/Ocr.h"
#include "ocr/ScriptConsistency.h"

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

/// A Tesseract (LSTM) engine. Throws Error(MissingResource) when a requested language does not
/// load: Tesseract itself would skip it silently.
std::unique_ptr<OcrEngine> CreateTesseractEngine(const OcrOptions& options = {});

/// Ensures OMP_THREAD_LIMIT=1 for this process: libgomp reads it when it loads, so when it is
/// missing the process re-executes itself with it set. Call first thing in main().
void EnsureSingleThreadedOpenMp(char** argv);

}  // namespace dossier
