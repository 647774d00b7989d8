// Names of document types and checklist items in Kazakh, Russian and English (loaded from models/).
#pragma once

#include <map>
#include <string>

namespace dossier {

struct LocalizedName {
    std::string kk, ru, en;
};

/// Keyed by type id or checklist item id.
using NameTable = std::map<std::string, LocalizedName>;

}  // namespace dossier
