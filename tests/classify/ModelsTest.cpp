#include "classify/Models.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <tuple>

#include "core/Document.h"
#include "core/Error.h"
#include "tests/classify/ClassifyTestSupport.h"

namespace dossier {

namespace fs = std::filesystem;

TEST(Models, InstalledModelsCoverTheContract) {
    const auto& m = testing::TestModels();
    for (const DocumentType type : AllDocumentTypes()) {
        EXPECT_TRUE(m.names.count(std::string("type:") + ToString(type))) << type;
        if (type != DocumentType::Unknown && type != DocumentType::Photo) {
            ASSERT_TRUE(m.classifier.FindType(type)) << type;
            EXPECT_FALSE(m.classifier.FindType(type)->keywords.empty()) << type;
        }
    }
    for (const auto& item : ChecklistItemIds()) {
        EXPECT_FALSE(m.names.at("item:" + item).kk.empty());
        EXPECT_FALSE(m.names.at("item:" + item).ru.empty());
    }
    for (const char* s : {"permanent-residence", "temporary-residence", "labor-immigrant"})
        EXPECT_TRUE(m.rules.FindService(s)) << s;
    EXPECT_EQ(m.rules.FindService("temporary-residence")->purposes.size(), 6u);
}

class BrokenModels : public ::testing::Test {
  protected:
    void SetUp() override {
        // Tests run in parallel processes: one copy per test.
        dir = fs::path(DOSSIER_TEST_WORK_DIR) / "broken-models" /
              ::testing::UnitTest::GetInstance()->current_test_info()->name();
        fs::remove_all(dir);
        fs::create_directories(dir.parent_path());
        fs::copy(InstalledModelsDir(), dir, fs::copy_options::recursive);
    }
    void Write(const std::string& relative, const std::string& text) {
        std::ofstream(dir / relative) << text;
    }
    std::string ErrorOf() {
        try {
            LoadModels(dir);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
            return e.what();
        }
        return "";
    }
    fs::path dir;
};

TEST_F(BrokenModels, UnknownKeyIsNamed) {
    Write("services/labor-immigrant.yaml",
          "service: labor-immigrant\nitems:\n  - id: application_form\n    accept: "
          "[application_form]\n    frehsness: 3\n");
    EXPECT_NE(ErrorOf().find("frehsness"), std::string::npos);
}

TEST_F(BrokenModels, UnknownTypeOrItemIsNamed) {
    Write("services/labor-immigrant.yaml",
          "service: labor-immigrant\nitems:\n  - id: application_form\n    accept: [visa]\n");
    EXPECT_NE(ErrorOf().find("visa"), std::string::npos);
    Write("services/labor-immigrant.yaml",
          "service: labor-immigrant\nitems:\n  - id: pet_passport\n    accept: [passport]\n");
    EXPECT_NE(ErrorOf().find("pet_passport"), std::string::npos);
}

TEST_F(BrokenModels, MissingVocabularyAndBadWeightAreErrors) {
    fs::remove(dir / "vocabulary/migration_card.yaml");
    EXPECT_NE(ErrorOf().find("migration_card"), std::string::npos);
    SetUp();
    Write("vocabulary/migration_card.yaml",
          "type: migration_card\ntitle:\n  ru: {миграционная карточка: heavy}\n");
    EXPECT_NE(ErrorOf().find("not a number"), std::string::npos);
}

TEST_F(BrokenModels, WrongTypeAndUnknownKeyAreNamedWithTheirLine) {
    Write("vocabulary/migration_card.yaml",
          "type: migration_card\ntitle:\n  ru: {миграционная карточка: heavy}\n");
    std::string message = ErrorOf();
    EXPECT_EQ(message.rfind("migration_card.yaml: 'title.ru.миграционная карточка': expected a "
                            "number: 'heavy' is not a number (line 3, column ",
                            0),
              0u)
        << message;
    SetUp();
    Write("services/labor-immigrant.yaml",
          "service: labor-immigrant\nitems:\n  - id: application_form\n    accept: "
          "[application_form]\n    frehsness: 3\n");
    message = ErrorOf();
    EXPECT_NE(message.find("'items[1].frehsness': unknown key 'frehsness' (known: id, legal_ref"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("(line 5, column 5)"), std::string::npos) << message;
}

TEST_F(BrokenModels, MisspeltDocumentTypeIsNamedWithItsFileKeyAndLine) {
    Write("vocabulary/migration_card.yaml",
          "type: migration_crad\ntitle:\n  ru: {миграционная карточка: 3}\n");
    std::string message = ErrorOf();
    EXPECT_EQ(message,
              "migration_card.yaml: 'type': unknown document type 'migration_crad' (line "
              "1, column 7)");
    SetUp();
    Write("services/labor-immigrant.yaml",
          "service: labor-immigrant\nitems:\n  - id: application_form\n    accept:\n"
          "      - application_form\n      - {type: pasport}\n");
    message = ErrorOf();
    EXPECT_EQ(message,
              "labor-immigrant.yaml: 'items[1].accept[2].type': unknown document type "
              "'pasport' (line 6, column 16)");
    // "unknown" is what fits no model: no model may describe or accept it.
    SetUp();
    Write("services/labor-immigrant.yaml",
          "service: labor-immigrant\nitems:\n  - id: application_form\n    accept: [unknown]\n");
    EXPECT_NE(ErrorOf().find("unknown document type 'unknown' (line 4"), std::string::npos);
    SetUp();
    std::ifstream in(dir / "names.yaml");
    std::string names((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = names.find("\n  passport: {");
    ASSERT_NE(at, std::string::npos);
    names.replace(at, 12, "\n  pasport:");
    Write("names.yaml", names);
    message = ErrorOf();
    EXPECT_EQ(
        message.rfind("names.yaml: 'types.pasport': unknown document type 'pasport' (line ", 0), 0u)
        << message;
}

TEST_F(BrokenModels, MisspeltStatusOrVerdictIsNamedWithItsLine) {
    std::ifstream in(dir / "names.yaml");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& [right, wrong, message] :
         {std::tuple{"\n  not_required: {", "\n  not_requried: {",
                     "names.yaml: 'statuses.not_requried': unknown status 'not_requried' (line "},
          std::tuple{"\n  incomplete: {", "\n  incompelte: {",
                     "names.yaml: 'verdicts.incompelte': unknown verdict 'incompelte' (line "}}) {
        SetUp();
        std::string broken = text;
        const size_t at = broken.find(right);
        ASSERT_NE(at, std::string::npos) << right;
        broken.replace(at, std::string(right).size(), wrong);
        Write("names.yaml", broken);
        const std::string error = ErrorOf();
        EXPECT_EQ(error.rfind(message, 0), 0u) << error;
    }
}

TEST_F(BrokenModels, BadStateOrTreatyIsNamed) {
    std::ifstream in(dir / "states.yaml");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string key = "treaties: [minsk_1993, chisinau_2002, apostille_1961]";
    const size_t at = text.find(key);
    ASSERT_NE(at, std::string::npos);
    std::string broken = text;
    broken.replace(at, key.size(), "treaties: [minsk_1993, tashkent_1999]");
    Write("states.yaml", broken);
    const std::string message = ErrorOf();
    EXPECT_NE(message.find("tashkent_1999"), std::string::npos) << message;
    // Read through the one YAML helper, the error says where in the file.
    EXPECT_NE(message.find("states.yaml: 'states."), std::string::npos) << message;
    EXPECT_NE(message.find("(line "), std::string::npos) << message;
    Write("states.yaml", text + "  Uzbekistan:\n    names: [uzbekistan]\n");
    EXPECT_NE(ErrorOf().find("Uzbekistan"), std::string::npos);
}

}  // namespace dossier
