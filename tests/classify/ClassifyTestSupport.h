// Shared helpers of the classify tests: the installed models, loaded once.
#pragma once

#include "classify/Models.h"

namespace dossier::testing {

inline const Models& TestModels() {
    static const Models models = LoadModels(InstalledModelsDir());
    return models;
}

}  // namespace dossier::testing
