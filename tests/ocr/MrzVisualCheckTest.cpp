// The MRZ against the visual zone: the names, state codes and number printed on the page prove
// an ambiguous reading (never replace it; the MRZ's own lines read by OCR prove nothing), and a
// number or date printed otherwise is a mismatch for the reviewer.
#include "ocr/MrzVisualCheck.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "ocr/MrzParser.h"
#include "tests/fixtures/PassportRenderer.h"

namespace dossier {
namespace {

const Date kReference{2026, 11, 20};

std::string Digit(const std::string& field) {
    return std::string(1, '0' + *TryMrzCheckDigit(field));
}

// A TD3 passport of TKACHENKO OKSANA whose check digits hold, as the reader leaves it when the
// characters at `ambiguous` (line, column, candidates with the kept one first) were not settled.
Mrz Unsettled(const std::vector<MrzAmbiguity>& ambiguous,
              const std::string& nameLine = "P<UKRTKACHENKO<<OKSANA<<<<<<<<<<<<<<<<<<<<<<",
              const std::string& personalNumber = "<<<<<<<<<<<<<<") {
    std::string line2 = std::string("FE514949<") + Digit("FE514949<") + "UKR" + "720706" +
                        Digit("720706") + "F" + "300620" + Digit("300620") + personalNumber +
                        Digit(personalNumber);
    line2 += Digit(line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22));
    MrzParseOptions strict;
    strict.correctAmbiguous = false;
    auto mrz = TryParseMrz({nameLine, line2}, kReference, strict);
    EXPECT_TRUE(mrz && mrz->valid);
    Mrz out = mrz.value_or(Mrz{});
    out.ambiguities = ambiguous;
    out.valid = false;
    out.needsReview = true;
    Issue issue;
    issue.code = "mrz_ambiguous";
    out.issues.push_back(issue);
    return out;
}

OcrText TextOf(const std::vector<std::string>& lines) {
    OcrText text;
    OcrBlock block;
    for (const std::string& l : lines) {
        OcrLine line;
        std::stringstream words(l);
        for (std::string w; words >> w;) line.words.push_back({w, {}, 90.f});
        block.lines.push_back(line);
    }
    text.blocks.push_back(block);
    return text;
}

bool HasIssue(const Mrz& mrz, const std::string& code) {
    for (const Issue& i : mrz.issues)
        if (i.code == code) return true;
    return false;
}

// The O of OKSANA (line 0, column 16) read as O or Q.
const MrzAmbiguity kOksana{0, 16, "OQ", ""};

TEST(MrzVisualZone, APrintedNameSettlesTheKeptReadingAndTheMrzBecomesValid) {
    Mrz mrz = Unsettled({kOksana});
    SettleWithVisualZone(mrz, TextOf({"Surname / Прізвище", "TKACHENKO", "Given names / Ім'я",
                                      "Oksana", "Nationality UKRAINE"}));
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "visual_zone");
    EXPECT_EQ(mrz.ambiguities[0].candidates, "OQ");
    EXPECT_TRUE(mrz.valid);
    EXPECT_FALSE(mrz.needsReview);
    EXPECT_FALSE(HasIssue(mrz, "mrz_ambiguous"));
}

TEST(MrzVisualZone, CyrillicOnThePageIsComparedInItsIcaoLatinForm) {
    Mrz mrz = Unsettled({kOksana});
    SettleWithVisualZone(mrz, TextOf({"Прізвище ТКАЧЕНКО", "Ім'я ОКСАНА"}));
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "visual_zone");
    EXPECT_TRUE(mrz.valid);
}

TEST(MrzVisualZone, CyrillicSpellingsThatStatesWriteCountToo) {
    // A Kazakh or Mongolian Е at the start of a name is written YE, and Ж is written ZH or J.
    const std::string name = "P<UKRZHANBOLAT<<YERZHAN<<<<<<<<<<<<<<<<<<<<<";
    Mrz mrz = Unsettled({{0, 17, "EF", ""}, {0, 30, "<S", ""}}, name);
    SettleWithVisualZone(mrz, TextOf({"Овог / Surname", "ЖАНБОЛАТ", "Нэр / Given names", "ЕРЖАН"}));
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "visual_zone");
    EXPECT_EQ(mrz.ambiguities[1].settledBy, "visual_zone");
    EXPECT_TRUE(mrz.valid);

    Mrz other = Unsettled({{0, 30, "<S", ""}}, name);
    SettleWithVisualZone(other, TextOf({"ЖАНБОЛАТ", "ЕРЖЕН"}));
    EXPECT_TRUE(other.ambiguities[0].settledBy.empty()) << "ЕРЖЕН is not YERZHAN";
}

TEST(MrzVisualZone, ThePrintedDocumentNumberSettlesZerosThatCancelInTheCheckDigits) {
    // FE514949, its 1 (line 1, column 3) read as 1 or I.
    Mrz mrz = Unsettled({{1, 3, "1I", ""}});
    SettleWithVisualZone(mrz, TextOf({"Document No. / Номер документа", "FE514949"}));
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "visual_zone");
    EXPECT_TRUE(mrz.valid);

    // OCR of a page in Cyrillic reads the printed F and E as look-alikes: only E has one.
    Mrz cyrillic = Unsettled({{1, 3, "1I", ""}});
    SettleWithVisualZone(cyrillic, TextOf({"№ FЕ514949"}));
    EXPECT_EQ(cyrillic.ambiguities[0].settledBy, "visual_zone");

    // A personal number printed with a hyphen; its zeros (line 1, columns 32 and 34) read as 0 or
    // O cancel out in its check digit and the composite.
    const std::string personal = "1972070695254<";
    Mrz record = Unsettled({{1, 32, "0O", ""}, {1, 34, "0O", ""}},
                           "P<UKRTKACHENKO<<OKSANA<<<<<<<<<<<<<<<<<<<<<<", personal);
    SettleWithVisualZone(record, TextOf({"FE514949", "Record No. / Запис № 19720706-95254"}));
    EXPECT_EQ(record.ambiguities[0].settledBy, "visual_zone");
    EXPECT_EQ(record.ambiguities[1].settledBy, "visual_zone");
    EXPECT_TRUE(record.valid);
    Mrz unprinted =
        Unsettled({{1, 32, "0O", ""}}, "P<UKRTKACHENKO<<OKSANA<<<<<<<<<<<<<<<<<<<<<<", personal);
    SettleWithVisualZone(unprinted, TextOf({"FE514949", "Record No. 1972"}));
    EXPECT_TRUE(unprinted.needsReview);

    for (const std::string printed : {"FE5I4949", "FE514949 FE5I4949", "FE51494"}) {
        Mrz other = Unsettled({{1, 3, "1I", ""}});
        SettleWithVisualZone(other, TextOf({"Document No.", printed}));
        EXPECT_TRUE(other.ambiguities[0].settledBy.empty()) << printed;
        EXPECT_TRUE(other.needsReview);
    }
}

TEST(MrzVisualZone, APageThatPrintsAnotherReadingOrNoneLeavesTheMrzForReview) {
    for (const auto& page : std::vector<std::vector<std::string>>{
             {"TKACHENKO", "QKSANA"},               // the other reading is printed
             {"TKACHENKO", "OKSANA QKSANA"},        // both are: nothing proven
             {"Surname TKACHENKO", "Given names"},  // the name is not legible
             {}}) {
        Mrz mrz = Unsettled({kOksana});
        SettleWithVisualZone(mrz, TextOf(page));
        EXPECT_TRUE(mrz.ambiguities[0].settledBy.empty()) << ::testing::PrintToString(page);
        EXPECT_FALSE(mrz.valid);
        EXPECT_TRUE(mrz.needsReview);
        EXPECT_TRUE(HasIssue(mrz, "mrz_ambiguous"));
        EXPECT_EQ(mrz.lines[0][16], 'O') << "the page never changes a reading";
    }
}

TEST(MrzVisualZone, TheMrzReadByPageOcrIsNoProofOfItself) {
    Mrz mrz = Unsettled({kOksana});
    SettleWithVisualZone(mrz, TextOf({"P<UKRTKACHENKO<<OKSANA<<<<<<<<<<<<<<<<<<<<<<",
                                      "PKUKRTKACHENKOKKOKSANAKKKKKKKKK"}));
    EXPECT_TRUE(mrz.ambiguities[0].settledBy.empty());
    EXPECT_TRUE(mrz.needsReview);
}

TEST(MrzVisualZone, AFillerIsProvenOnlyWhenTheWholeNameIsPrinted) {
    // A speck after the given names read as '<' or S (line 0, column 30).
    const MrzAmbiguity speck{0, 30, "<S", ""};
    Mrz whole = Unsettled({speck});
    SettleWithVisualZone(whole, TextOf({"TKACHENKO", "OKSANA"}));
    EXPECT_EQ(whole.ambiguities[0].settledBy, "visual_zone");
    EXPECT_TRUE(whole.valid);

    Mrz part = Unsettled({speck});
    SettleWithVisualZone(part, TextOf({"Surname TKACHENKO"}));
    EXPECT_TRUE(part.ambiguities[0].settledBy.empty());
    EXPECT_TRUE(part.needsReview);
}

TEST(MrzVisualZone, OneUnsettledPlaceKeepsTheMrzForReview) {
    // The nationality's U read as U or V, and the page does not print UKR.
    Mrz mrz = Unsettled({kOksana, {1, 10, "UV", ""}});
    SettleWithVisualZone(mrz, TextOf({"TKACHENKO", "OKSANA", "Nationality UKRAINE"}));
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "visual_zone");
    EXPECT_TRUE(mrz.ambiguities[1].settledBy.empty());
    EXPECT_FALSE(mrz.valid);
    EXPECT_TRUE(mrz.needsReview);

    Mrz coded = Unsettled({kOksana, {1, 10, "UV", ""}});
    SettleWithVisualZone(coded, TextOf({"TKACHENKO", "OKSANA", "Nationality UKR"}));
    EXPECT_EQ(coded.ambiguities[1].settledBy, "visual_zone");
    EXPECT_TRUE(coded.valid);
}

TEST(MrzVisualZone, NumberAndDatesPrintedElsewhereAreMismatches) {
    Mrz mrz;
    mrz.documentNumber = "N12345678";
    mrz.birthDate = Date{1990, 3, 14};
    mrz.expiryDate = Date{2031, 2, 1};
    auto count = [](const Mrz& m) {
        return std::count_if(m.issues.begin(), m.issues.end(),
                             [](const Issue& i) { return i.code == "mrz_visual_mismatch"; });
    };
    Mrz same = mrz;
    CrossCheckVisualZone(
        same, TextOf({"Document No. / Құжат № / Документ №", "N12345678",
                      "Date of birth / Туған күні / Дата рождения", "14.03.1990",
                      "Date of expiry / Жарамдылық мерзімі / Срок действия", "01 FEB 2031",
                      "P<KAZSMITH<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<"}));
    EXPECT_EQ(count(same), 0);
    Mrz other = mrz;
    CrossCheckVisualZone(other, TextOf({"Document No.", "N12345679", "Date of birth", "14.03.1991",
                                        "Date of expiry", "01.02.2031"}));
    EXPECT_EQ(count(other), 2);
    Mrz silent = mrz;
    CrossCheckVisualZone(silent, TextOf({"nothing printed here"}));
    EXPECT_EQ(count(silent), 0);
}

TEST(MrzVisualZone, TheCyrillicNameOfARussianInternalPassportSettlesADigitOfItsLetterCode) {
    // The reader could not tell 8 (Я) from B (Б) in the name; the page prints МАРИЯ.
    const auto lines = fixtures::ComposeRussianInternalMrz(
        "KOVALEVA<<MARI8<PETROVNA", "4509", "735758", "900101", "F", "100505", "220004");
    MrzParseOptions strict;
    strict.correctAmbiguous = false;
    auto mrz = TryParseMrz(lines, kReference, strict);
    ASSERT_TRUE(mrz && mrz->valid);
    mrz->ambiguities = {{0, 19, "8B", ""}};
    mrz->valid = false;
    mrz->needsReview = true;
    Mrz other = *mrz;
    SettleWithVisualZone(other, TextOf({"Имя МАРИБ"}));  // the other reading's word: no proof
    EXPECT_TRUE(other.needsReview);
    SettleWithVisualZone(*mrz, TextOf({"Фамилия КОВАЛЕВА Имя Мария Отчество ПЕТРОВНА"}));
    EXPECT_EQ(mrz->ambiguities[0].settledBy, "visual_zone");
    EXPECT_TRUE(mrz->valid);
    EXPECT_FALSE(mrz->needsReview);
}

}  // namespace
}  // namespace dossier
