// Parser tests: ICAO 9303 specimens, edge cases, wrong check digits, proven corrections, round
// trips.
#include "ocr/MrzParser.h"

#include <gtest/gtest.h>

#include <random>

#include "ocr/CountryCodes.h"
#include "tests/fixtures/PassportRenderer.h"

namespace dossier {
namespace {

const Date kReference{2026, 11, 20};

bool CheckOk(const Mrz& mrz, const std::string& field) {
    for (const auto& c : mrz.checks)
        if (c.field == field) return c.ok;
    ADD_FAILURE() << "no check " << field;
    return false;
}

bool HasIssue(const Mrz& mrz, const std::string& code) {
    for (const auto& i : mrz.issues)
        if (i.code == code) return true;
    return false;
}

TEST(MrzCheckDigit, IcaoExamples) {
    EXPECT_EQ(TryMrzCheckDigit("L898902C3"), 6);
    EXPECT_EQ(TryMrzCheckDigit("740812"), 2);
    EXPECT_EQ(TryMrzCheckDigit("120415"), 9);
    EXPECT_EQ(TryMrzCheckDigit("<<<<<"), 0);
    EXPECT_EQ(TryMrzCheckDigit("ab"), std::nullopt);
}

TEST(MrzParser, Td3Specimen) {
    const auto mrz = TryParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                                 kReference);
    ASSERT_TRUE(mrz);
    EXPECT_EQ(mrz->format, MrzFormat::TD3);
    EXPECT_EQ(mrz->documentCode, "P");
    EXPECT_EQ(mrz->issuingState, "UTO");
    EXPECT_EQ(mrz->surname, "ERIKSSON");
    EXPECT_EQ(mrz->givenNames, "ANNA MARIA");
    EXPECT_EQ(mrz->documentNumber, "L898902C3");
    EXPECT_EQ(mrz->nationality, "UTO");
    EXPECT_EQ(mrz->birthDate, (Date{1974, 8, 12}));
    EXPECT_EQ(mrz->sex, "F");
    EXPECT_EQ(mrz->expiryDate, (Date{2012, 4, 15}));
    EXPECT_EQ(mrz->optionalData, "ZE184226B");
    EXPECT_TRUE(mrz->valid);
    EXPECT_TRUE(CheckOk(*mrz, "document_number"));
    EXPECT_TRUE(CheckOk(*mrz, "optional_data"));
    EXPECT_TRUE(CheckOk(*mrz, "composite"));
    EXPECT_TRUE(mrz->corrections.empty());
    // Utopia is ICAO's specimen state, not a real code.
    EXPECT_TRUE(HasIssue(*mrz, "mrz_country_code"));
}

TEST(MrzParser, Td1Specimen) {
    const auto mrz = TryParseMrzText(
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<"
        "<<<<\n",
        kReference);
    ASSERT_TRUE(mrz);
    EXPECT_EQ(mrz->format, MrzFormat::TD1);
    EXPECT_EQ(mrz->documentCode, "I");
    EXPECT_EQ(mrz->documentNumber, "D23145890");
    EXPECT_EQ(mrz->surname, "ERIKSSON");
    EXPECT_EQ(mrz->givenNames, "ANNA MARIA");
    EXPECT_EQ(mrz->birthDate, (Date{1974, 8, 12}));
    EXPECT_EQ(mrz->expiryDate, (Date{2012, 4, 15}));
    EXPECT_TRUE(mrz->valid);
    EXPECT_TRUE(CheckOk(*mrz, "composite"));
}

TEST(MrzParser, Td1LongDocumentNumber) {
    // 9303 Part 5: a 12-character number continues in the optional data, then its check digit.
    const std::string l1 = "I<UTOD23145890<7349<<<<<<<<<<<";
    std::string l2 = "3407127M9507122UTO<<<<<<<<<<<";
    const std::string composite = l1.substr(5) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18);
    l2 += std::to_string(*TryMrzCheckDigit(composite));
    const auto mrz = TryParseMrz({l1, l2, "STEVENSON<<PETER<JOHN<<<<<<<<<"}, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_EQ(mrz->documentNumber, "D23145890734");
    EXPECT_TRUE(CheckOk(*mrz, "document_number"));
    EXPECT_TRUE(mrz->valid);
    EXPECT_EQ(mrz->optionalData, "");
}

TEST(MrzParser, Td2AndVisaSpecimens) {
    const auto td2 = TryParseMrz(
        {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"},
        kReference);
    ASSERT_TRUE(td2);
    EXPECT_EQ(td2->format, MrzFormat::TD2);
    EXPECT_TRUE(td2->valid);
    const auto mrva = TryParseMrz({"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                   "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"},
                                  kReference);
    ASSERT_TRUE(mrva);
    EXPECT_EQ(mrva->format, MrzFormat::MRVA);
    EXPECT_EQ(mrva->nationality, "XXX");
    EXPECT_EQ(mrva->birthDate, (Date{1940, 9, 7}));
    EXPECT_EQ(mrva->expiryDate, (Date{1996, 12, 10}));
    EXPECT_EQ(mrva->optionalData, "6ZE184226B");
    EXPECT_TRUE(mrva->valid);
    const auto mrvb = TryParseMrz(
        {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<"},
        kReference);
    ASSERT_TRUE(mrvb);
    EXPECT_EQ(mrvb->format, MrzFormat::MRVB);
    EXPECT_TRUE(mrvb->valid);
}

TEST(MrzParser, RejectsShapesThatAreNoMrz) {
    EXPECT_FALSE(TryParseMrzText("", kReference));
    EXPECT_FALSE(TryParseMrzText("P<UTO\nL898", kReference));
    EXPECT_FALSE(TryParseMrz({std::string(44, '<')}, kReference));
}

TEST(MrzParser, WrongCheckDigitInEachFieldIsReportedNotCorrected) {
    const std::vector<std::string> good = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                           "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
    const std::vector<std::pair<int, std::string>> cases = {{9, "document_number"},
                                                            {19, "birth_date"},
                                                            {27, "expiry_date"},
                                                            {42, "optional_data"},
                                                            {43, "composite"}};
    for (const auto& [column, field] : cases) {
        auto lines = good;
        lines[1][column] = lines[1][column] == '3' ? '4' : '3';
        const auto mrz = TryParseMrz(lines, kReference);
        ASSERT_TRUE(mrz);
        EXPECT_FALSE(CheckOk(*mrz, field)) << field;
        EXPECT_TRUE(mrz->corrections.empty()) << field;
        if (field == "optional_data") {
            // A quirky personal-number digit is an issue; the composite still fails here because
            // it covers that digit, so the MRZ is not valid either.
            EXPECT_TRUE(HasIssue(*mrz, "mrz_optional_data_check"));
        }
        EXPECT_FALSE(mrz->valid) << field;
    }
}

TEST(MrzParser, QuirkyOptionalDataCheckDigitKeepsOtherFieldsValid) {
    // The issuer computed the composite over what it printed, but the personal number's own check
    // digit is wrong: the fields that check are valid, with an issue.
    std::string l2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<3";
    l2 +=
        std::to_string(*TryMrzCheckDigit(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22)));
    const auto mrz = TryParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", l2}, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_FALSE(CheckOk(*mrz, "optional_data"));
    EXPECT_TRUE(CheckOk(*mrz, "composite"));
    EXPECT_TRUE(mrz->valid);
    EXPECT_TRUE(HasIssue(*mrz, "mrz_optional_data_check"));
}

TEST(MrzParser, ForcedChangeRefutedByTheCheckDigitIsNotApplied) {
    // S in the number's check digit must be a digit, but 5 is not the right check digit (6).
    const auto mrz = TryParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                  "L898902C3SUTO7408122F1204159ZE184226B<<<<<10"},
                                 kReference);
    ASSERT_TRUE(mrz);
    EXPECT_FALSE(mrz->valid);
    EXPECT_FALSE(CheckOk(*mrz, "document_number"));
    EXPECT_TRUE(mrz->corrections.empty());
    EXPECT_EQ(mrz->lines[1][9], 'S');
}

TEST(MrzParser, CorrectionsAreRecordedWithTheirProof) {
    const auto mrz = TryParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                  "L898902C36UTO74O8122F12O4I59ZE184226B<<<<<10"},
                                 kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->valid);
    EXPECT_EQ(mrz->lines[1], "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    ASSERT_EQ(mrz->corrections.size(), 3u);
    EXPECT_EQ(mrz->corrections[0].line, 1);
    EXPECT_EQ(mrz->corrections[0].position, 15);
    EXPECT_EQ(mrz->corrections[0].from, 'O');
    EXPECT_EQ(mrz->corrections[0].to, '0');
    EXPECT_EQ(mrz->corrections[0].provenBy, "birth_date+composite");
    EXPECT_EQ(mrz->corrections[1].provenBy, "expiry_date+composite");
    EXPECT_EQ(mrz->corrections[2].provenBy, "expiry_date+composite");
    EXPECT_EQ(mrz->corrections[2].from, 'I');
}

TEST(MrzParser, CorrectsALetterNumberConfusionInTheDocumentNumber) {
    // The number really has a B (value 11); OCR saw 8 (value 8): the check digit decides.
    const auto mrz = TryParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                  "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                                 kReference);
    ASSERT_TRUE(mrz);
    auto lines = mrz->lines;
    lines[1][36] = '8';  // personal number ZE184226B -> ZE1842268
    // Alone, the check digit cannot decide: 2->Z at column 33 satisfies it as well.
    const auto blind = TryParseMrz(lines, kReference, {.correctWithoutEvidence = true});
    ASSERT_TRUE(blind);
    EXPECT_FALSE(blind->valid);
    EXPECT_TRUE(blind->corrections.empty());
    // A reader that saw B as its second choice there gives the evidence; the check digit decides.
    std::vector<std::string> alternatives = {std::string(44, ' '), std::string(44, ' ')};
    alternatives[1][36] = 'B';
    const auto read = TryParseMrz(lines, alternatives, kReference);
    ASSERT_TRUE(read);
    EXPECT_TRUE(read->valid);
    EXPECT_EQ(read->optionalData, "ZE184226B");
    ASSERT_EQ(read->corrections.size(), 1u);
    EXPECT_EQ(read->corrections[0].position, 36);
    EXPECT_EQ(read->corrections[0].provenBy, "optional_data+composite");
}

TEST(MrzParser, FillerVersusKIsNeverCorrected) {
    // '<' and K have the same weight modulo 10, so no check digit can tell them apart.
    auto lines = std::vector<std::string>{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
    lines[1][37] = 'K';
    const auto mrz = TryParseMrz(lines, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->corrections.empty());
    EXPECT_EQ(mrz->optionalData, "ZE184226BK");
}

TEST(MrzParser, UnprovenCorrectionIsUndone) {
    // A non-ambiguous misreading (3 -> 8) in the number: a single flip elsewhere might satisfy the
    // number's check digit by chance, but the composite must confirm it, or nothing changes.
    for (int column = 1; column < 9; ++column) {
        auto lines = std::vector<std::string>{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                              "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
        if (lines[1][column] == '9') continue;
        lines[1][column] = lines[1][column] == '8' ? '3' : '9';
        const auto mrz = TryParseMrz(lines, kReference);
        ASSERT_TRUE(mrz);
        EXPECT_FALSE(mrz->valid) << column;
    }
}

TEST(MrzParser, FillerInDocumentNumber) {
    fixtures::IdentityData d;
    d.format = MrzFormat::TD3;
    d.issuingState = d.nationality = "D";
    d.surname = "MUSTERMANN";
    d.givenNames = "ERIKA";
    d.documentNumber = "C01X00T4";
    d.birthDate = {1964, 8, 12};
    d.expiryDate = {2027, 10, 31};
    d.sex = "F";
    const auto lines = fixtures::ComposeMrz(d);
    const auto mrz = TryParseMrz(lines, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->valid);
    EXPECT_EQ(mrz->documentNumber, "C01X00T4");
    EXPECT_EQ(mrz->issuingState, "D");
    EXPECT_FALSE(HasIssue(*mrz, "mrz_country_code"));
    // An empty personal number has a filler check digit: nothing to check.
    for (const auto& c : mrz->checks) EXPECT_NE(c.field, "optional_data");
}

TEST(MrzParser, TruncatedNames) {
    const auto mrz = TryParseMrz({"P<KAZMUKHAMEDZHANOVA<BEKTURSYNOVA<<ZHANSAY",
                                  "N123456784KAZ9001018F3001011<<<<<<<<<<<<<<<4"},
                                 kReference);
    // The line is 42 characters: not an MRZ.
    EXPECT_FALSE(mrz);
    fixtures::IdentityData d;
    d.issuingState = d.nationality = "KAZ";
    d.surname = "MUKHAMEDZHANOVA-BEKTURSYNOVA";
    d.givenNames = "ZHANSAYA GULNARA";
    d.documentNumber = "N12345678";
    d.birthDate = {1990, 1, 1};
    d.expiryDate = {2030, 1, 1};
    const auto parsed = TryParseMrz(fixtures::ComposeMrz(d), kReference);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->surname, "MUKHAMEDZHANOVA BEKTURSYNOVA");
    // 28 + 2 + 9 = 39: the second given name is cut off, but the field still ends in a filler.
    EXPECT_EQ(parsed->givenNames, "ZHANSAYA");
    EXPECT_FALSE(HasIssue(*parsed, "mrz_name_truncated"));
    d.givenNames = "ZHANSAYAGUL";
    const auto cut = TryParseMrz(fixtures::ComposeMrz(d), kReference);
    ASSERT_TRUE(cut);
    EXPECT_EQ(cut->givenNames, "ZHANSAYAG");
    EXPECT_TRUE(HasIssue(*cut, "mrz_name_truncated"));
}

TEST(MrzParser, SurnameOnly) {
    std::string surname, given;
    SplitMrzName("NG<<<<<<<<<<<", surname, given);
    EXPECT_EQ(surname, "NG");
    EXPECT_EQ(given, "");
    SplitMrzName("VAN<DER<BERG<<JAN<<<", surname, given);
    EXPECT_EQ(surname, "VAN DER BERG");
    EXPECT_EQ(given, "JAN");
}

TEST(MrzParser, CenturyBoundaries) {
    fixtures::IdentityData d;
    d.issuingState = d.nationality = "UZB";
    d.surname = "ALIYEV";
    d.documentNumber = "FA1234567";
    d.expiryDate = {2030, 1, 1};
    struct Case {
        Date birth;
        Date reference;
    };
    for (const Case& c :
         {Case{{2026, 11, 20}, {2026, 11, 20}}, Case{{1926, 11, 21}, {2026, 11, 20}},
          Case{{2000, 1, 1}, {2026, 11, 20}}, Case{{1999, 12, 31}, {2026, 11, 20}},
          Case{{1950, 2, 28}, {2026, 11, 20}}}) {
        d.birthDate = c.birth;
        const auto mrz = TryParseMrz(fixtures::ComposeMrz(d), c.reference);
        ASSERT_TRUE(mrz);
        EXPECT_EQ(mrz->birthDate, c.birth) << c.birth.ToIso();
    }
    // Expiry: within 50 years of the reference, in either direction.
    for (const Date expiry : {Date{1999, 5, 1}, Date{2070, 5, 1}, Date{2010, 2, 28}}) {
        d.birthDate = {1960, 1, 1};
        d.expiryDate = expiry;
        const auto mrz = TryParseMrz(fixtures::ComposeMrz(d), kReference);
        ASSERT_TRUE(mrz);
        EXPECT_EQ(mrz->expiryDate, expiry) << expiry.ToIso();
    }
}

TEST(MrzParser, ImpossibleDateIsAnIssue) {
    std::string l2 = "L898902C36UTO740299";  // 29 Feb 1974 does not exist
    l2 += "2F1204159ZE184226B<<<<<1";
    l2[19] = static_cast<char>('0' + *TryMrzCheckDigit("740229"));
    l2.replace(13, 6, "740229");
    l2 +=
        std::to_string(*TryMrzCheckDigit(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22)));
    const auto mrz = TryParseMrz({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", l2}, kReference);
    ASSERT_TRUE(mrz);
    EXPECT_FALSE(mrz->birthDate);
    EXPECT_TRUE(HasIssue(*mrz, "mrz_date"));
}

TEST(MrzParser, KazakhIdCardCarriesTheIin) {
    std::mt19937 rng(7);
    fixtures::IdentityData d = fixtures::RandomIdentity(rng, MrzFormat::TD1, kReference);
    d.issuingState = d.nationality = "KAZ";
    d.documentCode = "ID";
    d.birthDate = {1988, 6, 5};
    d.sex = "F";
    d.optionalData = fixtures::MakeIin(d.birthDate, d.sex, rng);
    const auto mrz = TryParseMrz(fixtures::ComposeMrz(d), kReference);
    ASSERT_TRUE(mrz);
    EXPECT_TRUE(mrz->valid);
    ASSERT_TRUE(mrz->iin);
    EXPECT_EQ(*mrz->iin, d.optionalData);
    EXPECT_FALSE(HasIssue(*mrz, "iin_mismatch"));
    // An IIN for another birth date is an issue for the reviewer, not a parse failure.
    d.optionalData = fixtures::MakeIin({1988, 6, 6}, "F", rng);
    const auto other = TryParseMrz(fixtures::ComposeMrz(d), kReference);
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->valid);
    EXPECT_TRUE(HasIssue(*other, "iin_mismatch"));
}

TEST(MrzParser, RandomRoundTripsInEveryFormat) {
    std::mt19937 rng(2026);
    for (MrzFormat format :
         {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3, MrzFormat::MRVA, MrzFormat::MRVB}) {
        for (int i = 0; i < 200; ++i) {
            const auto d = fixtures::RandomIdentity(rng, format, kReference);
            const auto lines = fixtures::ComposeMrz(d);
            const auto mrz = TryParseMrz(lines, kReference);
            ASSERT_TRUE(mrz) << lines[0];
            EXPECT_EQ(mrz->format, format);
            EXPECT_TRUE(mrz->valid) << lines[1];
            EXPECT_TRUE(mrz->corrections.empty());
            std::string surname, given;
            fixtures::ExpectedMrzNames(d, surname, given);
            EXPECT_EQ(mrz->surname, surname);
            EXPECT_EQ(mrz->givenNames, given);
            EXPECT_EQ(mrz->documentNumber, d.documentNumber);
            EXPECT_EQ(mrz->birthDate, d.birthDate);
            EXPECT_EQ(mrz->expiryDate, d.expiryDate);
            EXPECT_EQ(mrz->sex, d.sex);
            EXPECT_EQ(mrz->issuingState, d.issuingState);
            EXPECT_EQ(mrz->nationality, d.nationality);
            EXPECT_EQ(mrz->optionalData, d.optionalData);
            EXPECT_FALSE(HasIssue(*mrz, "mrz_country_code"));
            EXPECT_FALSE(HasIssue(*mrz, "iin_mismatch"));
        }
    }
}

TEST(MrzParser, NoSingleSubstitutionIsEverReportedValid) {
    // Every one-character misreading of the line-2 fields either fails a check or is corrected
    // back to the truth: never a valid MRZ with a wrong field.
    const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
    std::mt19937 rng(99);
    for (int doc = 0; doc < 5; ++doc) {
        const auto d = fixtures::RandomIdentity(rng, MrzFormat::TD3, kReference);
        const auto truth = fixtures::ComposeMrz(d);
        for (size_t col = 0; col < 44; ++col) {
            if (col >= 10 && col <= 12) continue;  // nationality has no check digit
            if (col == 20) continue;               // nor has sex
            for (char c : alphabet) {
                if (c == truth[1][col]) continue;
                auto lines = truth;
                lines[1][col] = c;
                const auto mrz = TryParseMrz(lines, kReference);
                ASSERT_TRUE(mrz);
                const bool sameFields =
                    mrz->documentNumber == d.documentNumber && mrz->birthDate == d.birthDate &&
                    mrz->expiryDate == d.expiryDate && mrz->optionalData == d.optionalData;
                if (mrz->valid && !sameFields) {
                    // Only changes a check digit cannot see remain: '<' for K and the like
                    // (values equal modulo 10) in alphanumeric fields.
                    const int a = c == '<' ? 0 : (std::isdigit(c) ? c - '0' : c - 'A' + 10);
                    const char t = truth[1][col];
                    const int b = t == '<' ? 0 : (std::isdigit(t) ? t - '0' : t - 'A' + 10);
                    EXPECT_EQ((a - b) % 10, 0) << "col " << col << " " << t << "->" << c;
                }
            }
        }
    }
}

TEST(CountryCodes, IcaoSpecialCodes) {
    for (const char* code : {"KAZ", "D<<", "D", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA",
                             "UNK", "XXA", "XXB", "XXC", "XXX", "EUE", "XOM", "XPO", "UZB"})
        EXPECT_TRUE(IsIcaoCountryCode(code)) << code;
    for (const char* code : {"DEU", "UTO", "ZZZ", "", "<<<", "K<Z", "KAZA", "kaz"})
        EXPECT_FALSE(IsIcaoCountryCode(code)) << code;
}

}  // namespace
}  // namespace dossier

namespace dossier {
namespace {

TEST(MrzParser, DocumentCodeMustFitTheFormat) {
    // An ID card read as "LD" (I misread as L): no check digit covers the code, the format does.
    const auto mrz = TryParseMrzText(
        "LDUTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<"
        "<<<<\n",
        Date{2026, 11, 20});
    ASSERT_TRUE(mrz);
    EXPECT_FALSE(mrz->valid);
    EXPECT_TRUE(std::any_of(mrz->issues.begin(), mrz->issues.end(),
                            [](const Issue& i) { return i.code == "mrz_document_code"; }));
}

}  // namespace
}  // namespace dossier
