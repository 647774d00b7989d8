#include "ocr/Transliteration.h"

#include <map>

#include "core/Utf8.h"

namespace dossier {

namespace {

/// Cyrillic capitals and the character of each in the Russian internal passport's letter code.
constexpr std::pair<char32_t, char> kRussianCode[] = {
    {U'А', 'A'}, {U'Б', 'B'}, {U'В', 'V'}, {U'Г', 'G'}, {U'Д', 'D'}, {U'Е', 'E'}, {U'Ё', '2'},
    {U'Ж', 'J'}, {U'З', 'Z'}, {U'И', 'I'}, {U'Й', 'Q'}, {U'К', 'K'}, {U'Л', 'L'}, {U'М', 'M'},
    {U'Н', 'N'}, {U'О', 'O'}, {U'П', 'P'}, {U'Р', 'R'}, {U'С', 'S'}, {U'Т', 'T'}, {U'У', 'U'},
    {U'Ф', 'F'}, {U'Х', 'H'}, {U'Ц', 'C'}, {U'Ч', '3'}, {U'Ш', '4'}, {U'Щ', 'W'}, {U'Ъ', 'X'},
    {U'Ы', 'Y'}, {U'Ь', '9'}, {U'Э', '6'}, {U'Ю', '7'}, {U'Я', '8'}};

}  // namespace

const std::vector<std::string>* LatinSpellings(char32_t c) {
    static const std::map<char32_t, std::vector<std::string>> table = {
        {U'А', {"A"}},        {U'Б', {"B"}},        {U'В', {"V"}},
        {U'Г', {"G"}},        {U'Ґ', {"G"}},        {U'Д', {"D"}},
        {U'Е', {"E", "YE"}},  {U'Ё', {"E", "YO"}},  {U'Є', {"IE", "YE"}},
        {U'Ж', {"ZH", "J"}},  {U'З', {"Z"}},        {U'И', {"I"}},
        {U'І', {"I"}},        {U'Ї', {"I", "YI"}},  {U'Й', {"I", "Y"}},
        {U'К', {"K"}},        {U'Л', {"L"}},        {U'М', {"M"}},
        {U'Н', {"N"}},        {U'О', {"O"}},        {U'П', {"P"}},
        {U'Р', {"R"}},        {U'С', {"S"}},        {U'Т', {"T"}},
        {U'У', {"U"}},        {U'Ў', {"U"}},        {U'Ф', {"F"}},
        {U'Х', {"KH", "H"}},  {U'Ц', {"TS"}},       {U'Ч', {"CH"}},
        {U'Ш', {"SH"}},       {U'Щ', {"SHCH"}},     {U'Ъ', {"IE", ""}},
        {U'Ы', {"Y"}},        {U'Ь', {""}},         {U'Э', {"E"}},
        {U'Ю', {"IU", "YU"}}, {U'Я', {"IA", "YA"}}, {U'Ә', {"A", "AE"}},
        {U'Ғ', {"G", "GH"}},  {U'Қ', {"K", "Q"}},   {U'Ң', {"N", "NG"}},
        {U'Ө', {"O", "OE"}},  {U'Ұ', {"U"}},        {U'Ү', {"U", "Y", "UE"}},
        {U'Һ', {"H"}}};
    const auto it = table.find(c);
    return it == table.end() ? nullptr : &it->second;
}

std::string IcaoLatin(std::string_view text) {
    std::string out;
    for (const char32_t c : DecodeUtf8(text)) {
        const char32_t capital = UpperCase(c);
        if (const auto* spellings = LatinSpellings(capital))
            out += spellings->front();
        else
            AppendUtf8(out, c);
    }
    return out;
}

char RussianMrzCode(char32_t c) {
    for (const auto& [cyrillic, code] : kRussianCode)
        if (cyrillic == c) return code;
    return 0;
}

char32_t CyrillicOfRussianMrzCode(char code) {
    for (const auto& [cyrillic, c] : kRussianCode)
        if (c == code) return cyrillic;
    return 0;
}

bool IsRussianInternalPassport(std::string_view firstLine) {
    return firstLine.starts_with("PNRUS");
}

}  // namespace dossier
