// IIN check digit and decoding, following the rule in REQUIREMENTS.md (weights 1..11,
// then 3..11,1,2).
#include "ocr/Iin.h"

#include <algorithm>
#include <cctype>

namespace dossier {

namespace {

bool AllDigits(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int WeightedSumMod11(std::string_view digits, int firstWeight) {
    int sum = 0;
    for (size_t i = 0; i < digits.size(); ++i) {
        const int weight = (firstWeight - 1 + static_cast<int>(i)) % 11 + 1;
        sum += (digits[i] - '0') * weight;
    }
    return sum % 11;
}

}  // namespace

std::optional<int> TryIinCheckDigit(std::string_view first11) {
    if (first11.size() != 11 || !AllDigits(first11)) return std::nullopt;
    int check = WeightedSumMod11(first11, 1);
    if (check == 10) check = WeightedSumMod11(first11, 3);
    if (check == 10) return std::nullopt;
    return check;
}

bool IsValidIin(std::string_view digits) {
    if (digits.size() != 12 || !AllDigits(digits)) return false;
    const auto check = TryIinCheckDigit(digits.substr(0, 11));
    return check && *check == digits[11] - '0';
}

std::optional<IinInfo> TryDecodeIin(std::string_view digits) {
    if (!IsValidIin(digits)) return std::nullopt;
    const int code = digits[6] - '0';
    if (code < 1 || code > 6) return std::nullopt;
    const int century = 1800 + 100 * ((code - 1) / 2);
    Date birth{century + (digits[0] - '0') * 10 + (digits[1] - '0'),
               (digits[2] - '0') * 10 + (digits[3] - '0'),
               (digits[4] - '0') * 10 + (digits[5] - '0')};
    if (!birth.IsValid()) return std::nullopt;
    return IinInfo{std::string(digits), birth, code % 2 == 1 ? "M" : "F"};
}

std::vector<std::string> FindIins(std::string_view text) {
    std::vector<std::string> found;
    size_t i = 0;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        const std::string_view run = text.substr(i, end - i);
        if (run.size() == 12 && IsValidIin(run) &&
            std::find(found.begin(), found.end(), run) == found.end())
            found.emplace_back(run);
        i = end;
    }
    return found;
}

void CrossCheckIin(Mrz& mrz) {
    if (!mrz.iin) return;
    const auto info = TryDecodeIin(*mrz.iin);
    if (!info) {
        mrz.issues.push_back({Severity::Error, "iin_invalid",
                              "The IIN in the machine-readable zone fails its check digit or does "
                              "not encode a real birth date.",
                              "", "", 0});
        return;
    }
    if (mrz.birthDate && *mrz.birthDate != info->birthDate)
        mrz.issues.push_back({Severity::Error, "iin_mismatch",
                              "The birth date encoded in the IIN differs from the MRZ birth date.",
                              "", "", 0});
    if ((mrz.sex == "M" || mrz.sex == "F") && mrz.sex != info->sex)
        mrz.issues.push_back({Severity::Error, "iin_mismatch",
                              "The sex encoded in the IIN differs from the MRZ sex.", "", "", 0});
}

}  // namespace dossier
