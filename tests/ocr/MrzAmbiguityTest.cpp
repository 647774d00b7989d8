// The MRZ's per-place alphabet and the settling of ambiguous characters: a check digit, the
// country-code list, a Kazakh IIN or a second reader proves a reading; otherwise the MRZ needs
// review.
#include <gtest/gtest.h>

#include "ocr/MrzParser.h"
#include "ocr/MrzReader.h"

namespace dossier {
namespace {

const Date kReference{2026, 11, 20};

using Candidates = std::vector<std::vector<std::string>>;

/// No other reading anywhere, then `others` at (line, col).
Candidates Only(const std::vector<std::string>& lines, int line, int col, std::string others) {
    Candidates out(lines.size());
    for (size_t l = 0; l < lines.size(); ++l) out[l].assign(lines[l].size(), "");
    out[line][col] = std::move(others);
    return out;
}

Mrz Parsed(const std::vector<std::string>& lines) {
    MrzParseOptions strict;
    strict.correctAmbiguous = false;
    auto mrz = TryParseMrz(lines, kReference, strict);
    EXPECT_TRUE(mrz);
    return mrz.value_or(Mrz{});
}

/// A TD3 zone whose document number is `number` (9 characters), check digits computed.
std::vector<std::string> Td3(const std::string& number, const std::string& nationality = "KAZ") {
    auto digit = [](const std::string& s) { return std::string(1, '0' + *TryMrzCheckDigit(s)); };
    std::string line2 = number + digit(number) + nationality + "900314" + digit("900314") + "F" +
                        "310201" + digit("310201") + "<<<<<<<<<<<<<<" + "<";
    const std::string composite = line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22);
    line2 += digit(composite);
    return {"P<KAZBEKOVA<<AIGERIM<<<<<<<<<<<<<<<<<<<<<<<<", line2};
}

TEST(MrzAlphabet, LettersDigitsAndFillersWhereIcaoPutsThem) {
    // TD3 (2 lines of 44): names and states letters only, dates and check digits digits only.
    EXPECT_EQ(MrzAlphabetAt(2, 44, 0, 0).find('<'), std::string::npos);  // document code
    for (size_t col : {2u, 3u, 4u, 10u, 30u, 43u}) {
        EXPECT_EQ(MrzAlphabetAt(2, 44, 0, col).find('0'), std::string::npos) << col;
        EXPECT_NE(MrzAlphabetAt(2, 44, 0, col).find('<'), std::string::npos) << col;
    }
    for (size_t col : {10u, 11u, 12u}) {  // nationality
        EXPECT_EQ(MrzAlphabetAt(2, 44, 1, col).find('0'), std::string::npos);
        EXPECT_NE(MrzAlphabetAt(2, 44, 1, col).find('O'), std::string::npos);
    }
    for (size_t col : {9u, 13u, 18u, 19u, 21u, 27u, 42u, 43u}) {  // dates, check digits
        EXPECT_EQ(MrzAlphabetAt(2, 44, 1, col).find('O'), std::string::npos) << col;
        EXPECT_NE(MrzAlphabetAt(2, 44, 1, col).find('0'), std::string::npos) << col;
    }
    EXPECT_EQ(MrzAlphabetAt(2, 44, 1, 20), "MFX<");
    // The document number takes letters and digits.
    EXPECT_NE(MrzAlphabetAt(2, 44, 1, 4).find('O'), std::string::npos);
    EXPECT_NE(MrzAlphabetAt(2, 44, 1, 4).find('0'), std::string::npos);
    // A visa's line 2 ends in optional data, not check digits.
    EXPECT_NE(MrzAlphabetAt(2, 44, 1, 43, "V<UTO").find('A'), std::string::npos);
    // A Russian internal passport's name line holds the digits of its letter code, never 0, 1, 5.
    for (size_t col : {5u, 20u, 43u}) {
        EXPECT_NE(MrzAlphabetAt(2, 44, 0, col, "PNRUS").find('7'), std::string::npos) << col;
        EXPECT_EQ(MrzAlphabetAt(2, 44, 0, col, "PNRUS").find('0'), std::string::npos) << col;
    }
    EXPECT_EQ(MrzAlphabetAt(2, 44, 0, 5, "P<RUS").find('7'), std::string::npos);
    EXPECT_EQ(MrzAlphabetAt(2, 44, 0, 3, "PNRUS").find('7'), std::string::npos);
    // TD1: nationality on line 2, names on line 3, the composite at the end of line 2.
    EXPECT_EQ(MrzAlphabetAt(3, 30, 1, 16).find('0'), std::string::npos);
    EXPECT_EQ(MrzAlphabetAt(3, 30, 2, 7).find('1'), std::string::npos);
    EXPECT_EQ(MrzAlphabetAt(3, 30, 1, 29).find('I'), std::string::npos);
}

TEST(MrzAmbiguity, ASymmetricPrintReadAsDOrQGivesWayOrStaysInDoubt) {
    const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
    const std::string digits = "0123456789<";
    char reading = 'D', alternative = 'O';
    GiveWayToASymmetricPrint(reading, alternative, letters);  // D or O, and the print is no D
    EXPECT_EQ(reading, 'O');
    EXPECT_EQ(alternative, 'D');
    reading = 'Q', alternative = ' ';
    GiveWayToASymmetricPrint(reading, alternative, letters);  // a sure Q that is no Q: in doubt
    EXPECT_EQ(reading, 'Q');
    EXPECT_EQ(alternative, 'O');
    reading = 'D', alternative = 'B';
    GiveWayToASymmetricPrint(reading, alternative, digits + "D");
    EXPECT_EQ(alternative, '0');
    reading = 'O', alternative = 'D';  // the kept reading fits the shape: nothing changes
    GiveWayToASymmetricPrint(reading, alternative, letters);
    EXPECT_EQ(reading, 'O');
    EXPECT_EQ(alternative, 'D');
}

TEST(MrzAmbiguity, OneZeroReadAsOIsProvenByItsCheckDigit) {
    const auto lines = Td3("N12045678");
    Mrz mrz = Parsed(lines);
    ASSERT_TRUE(mrz.valid);
    SettleAmbiguities(mrz, Only(lines, 1, 3, "O"), {}, kReference);
    ASSERT_EQ(mrz.ambiguities.size(), 1u);
    EXPECT_EQ(mrz.ambiguities[0].candidates, "0O");
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "check_digit");
    EXPECT_TRUE(mrz.valid);
    EXPECT_FALSE(mrz.needsReview);
}

TEST(MrzAmbiguity, OAndZeroSwapsThatCancelInTheSumsAreNotProof) {
    // O weighs 24: read for 0 at a place of weight 3 and one of weight 7 it adds 72 + 168 = 240,
    // nothing modulo 10, so the misreading passes the number's and the composite's checks.
    const auto truth = Td3("C01X0006H");
    std::vector<std::string> misread = truth;
    misread[1][4] = 'O';
    misread[1][6] = 'O';
    Mrz wrong = Parsed(misread);
    ASSERT_TRUE(wrong.valid) << "the swaps must cancel for this test to mean anything";
    Candidates others = Only(misread, 1, 4, "0");
    others[1][6] = "0";
    SettleAmbiguities(wrong, others, {}, kReference);
    EXPECT_FALSE(wrong.valid);
    EXPECT_TRUE(wrong.needsReview);
    ASSERT_EQ(wrong.ambiguities.size(), 2u);
    for (const MrzAmbiguity& a : wrong.ambiguities) EXPECT_TRUE(a.settledBy.empty());
    // The right reading with the same doubts is no better proven.
    Mrz right = Parsed(truth);
    Candidates doubts = Only(truth, 1, 4, "O");
    doubts[1][6] = "O";
    SettleAmbiguities(right, doubts, {}, kReference);
    EXPECT_TRUE(right.needsReview);
    EXPECT_FALSE(right.valid);
}

TEST(MrzAmbiguity, ASecondReaderThatDisagreesWhereSwapsCancelIsNoProof) {
    // The template reader saw the zeros (and doubted them), Tesseract saw two O that cancel in
    // the sums: every check holds either way, so neither reader's word settles the places.
    const auto truth = Td3("C01X0006H");
    std::vector<std::string> tesseract = truth;
    tesseract[1][4] = 'O';
    tesseract[1][6] = 'O';
    ASSERT_TRUE(Parsed(tesseract).valid) << "the swaps must cancel for this test to mean anything";
    Mrz mrz = Parsed(truth);
    Candidates doubts = Only(truth, 1, 4, "O");
    doubts[1][6] = "O";
    SettleAmbiguities(mrz, doubts, tesseract, kReference);
    EXPECT_EQ(mrz.lines, truth) << "the second reader's glyphs were taken on its word";
    EXPECT_FALSE(mrz.valid);
    EXPECT_TRUE(mrz.needsReview);
    for (const MrzAmbiguity& a : mrz.ambiguities) EXPECT_TRUE(a.settledBy.empty());
}

TEST(MrzAmbiguity, NameCharacterNeedsASecondReader) {
    const auto lines = Td3("N12345678");
    Mrz alone = Parsed(lines);
    SettleAmbiguities(alone, Only(lines, 0, 8, "Q"), {}, kReference);  // BEKOVA's O
    EXPECT_TRUE(alone.needsReview);
    EXPECT_FALSE(alone.valid);
    ASSERT_EQ(alone.issues.empty(), false);
    EXPECT_EQ(alone.issues.back().code, "mrz_ambiguous");

    Mrz confirmed = Parsed(lines);
    SettleAmbiguities(confirmed, Only(lines, 0, 8, "Q"), lines, kReference);
    EXPECT_TRUE(confirmed.valid);
    EXPECT_EQ(confirmed.ambiguities.at(0).settledBy, "second_reader");

    // The second reader saw the other glyph: still unproven.
    std::vector<std::string> other = lines;
    other[0][8] = 'Q';
    Mrz disputed = Parsed(lines);
    SettleAmbiguities(disputed, Only(lines, 0, 8, "Q"), other, kReference);
    EXPECT_TRUE(disputed.needsReview);
}

TEST(MrzAmbiguity, APrintSymmetricAboutItsCentreIsOAgainstDOrQButNotAgainst0) {
    const auto lines = Td3("N12345678");  // BEKOVA's O at 0:8
    std::vector<std::string> shapes(lines.size(), std::string(44, ' '));
    shapes[0][8] = 'S';
    Mrz againstD = Parsed(lines);
    SettleAmbiguities(againstD, Only(lines, 0, 8, "DQ"), {}, kReference, {shapes, {}});
    EXPECT_TRUE(againstD.valid);
    EXPECT_FALSE(againstD.needsReview);
    EXPECT_EQ(againstD.ambiguities.at(0).settledBy, "glyph_symmetry");

    // Measured elsewhere, or not at all: no proof.
    std::vector<std::string> elsewhere(lines.size(), std::string(44, ' '));
    elsewhere[0][9] = 'S';
    Mrz unmeasured = Parsed(lines);
    SettleAmbiguities(unmeasured, Only(lines, 0, 8, "D"), {}, kReference, {elsewhere, {}});
    EXPECT_TRUE(unmeasured.needsReview);

    // A symmetric print read D: the shape speaks against the kept reading, which stays unproven.
    std::vector<std::string> readD = lines;
    readD[0][8] = 'D';
    Mrz kept = Parsed(readD);
    SettleAmbiguities(kept, Only(readD, 0, 8, "O"), {}, kReference, {shapes, {}});
    EXPECT_TRUE(kept.needsReview);
    EXPECT_FALSE(kept.valid);

    // O and 0 are both symmetric: in a document number the shape tells them not apart. Two Os
    // weighed 7 and 3 change every check digit by 168 + 72, a multiple of 10: no check tells.
    const auto numbered = Td3("N12OO5678");
    std::vector<std::string> numberShapes(numbered.size(), std::string(44, ' '));
    numberShapes[1][3] = numberShapes[1][4] = 'S';
    Candidates doubts = Only(numbered, 1, 3, "0");
    doubts[1][4] = "0";
    Mrz number = Parsed(numbered);
    SettleAmbiguities(number, doubts, {}, kReference, {numberShapes, {}});
    EXPECT_TRUE(number.needsReview);
    for (const MrzAmbiguity& a : number.ambiguities) EXPECT_TRUE(a.settledBy.empty());
}

TEST(MrzAmbiguity, TheBandsOwnSurePrintsRuleOutALookAlike) {
    const auto numbered = Td3("N12OO5678");
    Candidates doubts = Only(numbered, 1, 3, "0");
    doubts[1][4] = "0";
    Candidates ruledOut = Only(numbered, 1, 3, "0");
    ruledOut[1][4] = "0";
    Mrz both = Parsed(numbered);
    SettleAmbiguities(both, doubts, {}, kReference, {{}, ruledOut});
    EXPECT_TRUE(both.valid);
    EXPECT_FALSE(both.needsReview);
    for (const MrzAmbiguity& a : both.ambiguities) EXPECT_EQ(a.settledBy, "own_print");

    // One place left unproven keeps the zone in review.
    Mrz one = Parsed(numbered);
    SettleAmbiguities(one, doubts, {}, kReference, {{}, Only(numbered, 1, 3, "0")});
    EXPECT_TRUE(one.needsReview);
    EXPECT_FALSE(one.valid);

    // The print rules out the kept reading itself: no proof.
    Mrz against = Parsed(numbered);
    Candidates keptRuledOut = Only(numbered, 1, 3, "O");
    keptRuledOut[1][4] = "O";
    SettleAmbiguities(against, doubts, {}, kReference, {{}, keptRuledOut});
    EXPECT_TRUE(against.needsReview);
}

TEST(MrzAmbiguity, DigitsAreNoCandidatesInANameOrAState) {
    const auto lines = Td3("N12345678");
    Mrz mrz = Parsed(lines);
    SettleAmbiguities(mrz, Only(lines, 0, 8, "0"), {}, kReference);
    EXPECT_TRUE(mrz.ambiguities.empty());
    EXPECT_TRUE(mrz.valid);
}

TEST(MrzAmbiguity, StateSettledByTheCountryCodeList) {
    // KGZ read with a doubt between G and C: KCZ is no ICAO code.
    const auto lines = Td3("N12345678", "KGZ");
    Mrz mrz = Parsed(lines);
    SettleAmbiguities(mrz, Only(lines, 1, 11, "C"), {}, kReference);
    ASSERT_EQ(mrz.ambiguities.size(), 1u);
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "country_code");
    EXPECT_TRUE(mrz.valid);
    // The list proves the other reading: it is taken.
    std::vector<std::string> misread = lines;
    misread[1][11] = 'C';
    Mrz corrected = Parsed(misread);
    SettleAmbiguities(corrected, Only(misread, 1, 11, "G"), {}, kReference);
    EXPECT_EQ(corrected.nationality, "KGZ");
    EXPECT_TRUE(corrected.valid);
    // AUT or AUS: both are codes, nothing settles it.
    const auto austria = Td3("N12345678", "AUT");
    Mrz either = Parsed(austria);
    SettleAmbiguities(either, Only(austria, 1, 12, "S"), {}, kReference);
    EXPECT_TRUE(either.needsReview);
}

TEST(MrzAmbiguity, ZerosOfAKazakhIinAreProvenByTheIin) {
    // A Kazakh ID card's optional data starts with the IIN (birth date 750901, check digit 2).
    // O for 0 at weights 7 and 3 adds 240: both swaps together keep every MRZ check, so only
    // the IIN (digits only, its check digit and birth date right as read) proves the zeros.
    const std::vector<std::string> kaz = {"IDKAZ0519662306750901323002<<<",
                                          "7509018M3501140KAZ<<<<<<<<<<<6",
                                          "ABDULLAEV<<RUSTAM<<<<<<<<<<<<<"};
    Candidates doubts = Only(kaz, 0, 17, "O");
    doubts[0][24] = "O";
    Mrz proven = Parsed(kaz);
    ASSERT_TRUE(proven.valid);
    SettleAmbiguities(proven, doubts, {}, kReference);
    ASSERT_EQ(proven.ambiguities.size(), 2u);
    for (const MrzAmbiguity& a : proven.ambiguities) EXPECT_EQ(a.settledBy, "iin");
    EXPECT_TRUE(proven.valid);
    // Issued elsewhere, the same digits are no IIN: nothing proves them.
    std::vector<std::string> other = kaz;
    other[0].replace(2, 3, "UZB");
    Mrz unproven = Parsed(other);
    ASSERT_TRUE(unproven.valid);
    SettleAmbiguities(unproven, doubts, {}, kReference);
    EXPECT_TRUE(unproven.needsReview);
    EXPECT_FALSE(unproven.valid);
}

TEST(MrzAmbiguity, DocumentCodeSettledByTheFormat) {
    // Two lines of 44 are a passport (P) or a visa (V): F for P makes no MRZ of either.
    const auto lines = Td3("N12345678");
    Mrz mrz = Parsed(lines);
    SettleAmbiguities(mrz, Only(lines, 0, 0, "F"), {}, kReference);
    ASSERT_EQ(mrz.ambiguities.size(), 1u);
    EXPECT_EQ(mrz.ambiguities[0].settledBy, "document_code");
    EXPECT_TRUE(mrz.valid);
    // The document code's second letter is free (PK, PO, P<): nothing settles it.
    Mrz second = Parsed(lines);
    SettleAmbiguities(second, Only(lines, 0, 1, "K"), {}, kReference);
    EXPECT_TRUE(second.needsReview);
    // A card's I, A or C: I read beside A is a card either way, and needs proof.
    const std::vector<std::string> card = {"I<UTOD231458907<<<<<<<<<<<<<<<",
                                           "7408122F1204159UTO<<<<<<<<<<<6",
                                           "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};
    Mrz either = Parsed(card);
    SettleAmbiguities(either, Only(card, 0, 0, "A"), {}, kReference);
    EXPECT_TRUE(either.needsReview);
    Mrz notACode = Parsed(card);
    SettleAmbiguities(notACode, Only(card, 0, 0, "T"), {}, kReference);
    EXPECT_EQ(notACode.ambiguities.at(0).settledBy, "document_code");
    EXPECT_TRUE(notACode.valid);
}

}  // namespace
}  // namespace dossier
