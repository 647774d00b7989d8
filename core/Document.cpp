#include "core/Document.h"

#include "core/Mrz.h"

namespace dossier {

const char* ToString(MrzFormat format) {
    switch (format) {
        case MrzFormat::TD1:
            return "TD1";
        case MrzFormat::TD2:
            return "TD2";
        case MrzFormat::TD3:
            return "TD3";
        case MrzFormat::MRVA:
            return "MRV-A";
        case MrzFormat::MRVB:
            return "MRV-B";
    }
    return "TD3";
}

}  // namespace dossier
