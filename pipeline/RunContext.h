// What one run of cases (process, batch, watch) loads once and every case of it shares.
#pragma once

#include <functional>
#include <memory>

#include "classify/Models.h"
#include "core/ToolPool.h"
#include "ocr/MrzReader.h"
#include "ocr/OcrEngine.h"
#include "pdf/Signer.h"
#include "photo/FaceFinder.h"
#include "pipeline/Config.h"

namespace dossier {

/// Makes an OCR engine for a worker (Tesseract in production, fakes in tests).
using OcrEngineFactory = std::function<std::unique_ptr<OcrEngine>()>;

/// Built once when a run starts and passed to every case, so that nothing a run loads lives in
/// hidden process-wide state: the models, the signing key and the tools that are slow to load
/// (Tesseract's models cost as much as reading a page; a cascade about 20 ms). The tools are not
/// thread-safe, so each worker borrows one from a pool and gives it back; a run creates at most
/// one of each per concurrent worker. Destroying the context frees them, before Tesseract's own
/// static caches go at exit.
struct RunContext {
    /// Loads and checks what every case needs before the first page: the models, the signing key
    /// and one OCR engine. Throws Error(InvalidConfig) for broken model data or a key that does
    /// not load (a wrong file or password, a key that does not match its certificate), and what
    /// `createEngine` throws (Error(MissingResource) for a language that does not load).
    RunContext(Config config, OcrEngineFactory createEngine);
    RunContext(const RunContext&) = delete;
    RunContext& operator=(const RunContext&) = delete;

    const Config config;
    /// Service rules, vocabularies and names of config.modelsDir
    const Models models;
    /// The key of config.signing; null when none is configured (case files are written unsigned)
    const std::shared_ptr<const SigningKey> signingKey;
    /// One engine per worker that reads pages
    ToolPool<OcrEngine> ocrEngines;
    /// MRZ readers (each holds its own Tesseract) configured by config.mrz
    ToolPool<MrzReader> mrzReaders;
    /// The face and eye cascades of config.photo.faces
    FaceCascades faceCascades;
};

}  // namespace dossier
