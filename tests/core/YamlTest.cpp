// The YAML helper every loader reads with: its checks and the place its errors name.
#include "core/Yaml.h"

#include <gtest/gtest.h>

#include "core/Error.h"

namespace dossier {
namespace {

/// The message of the Error `read` throws, "" when it throws none.
template <typename Read>
std::string ErrorOf(Read read) {
    try {
        read();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
        return e.what();
    }
    return "";
}

TEST(Yaml, TypedGettersReadTheirValues) {
    const YamlValue root = ParseYaml(
        "name: Aigerim\ncount: 3\nwhole: 4.0\nratio: 0.25\nflag: yes\nlist: [a, b]\n", "t.yaml");
    EXPECT_EQ(YamlString(RequireYamlKey(root, "name")), "Aigerim");
    EXPECT_EQ(YamlInt(RequireYamlKey(root, "count"), 0, 10), 3);
    EXPECT_EQ(YamlInt(RequireYamlKey(root, "whole")), 4);
    EXPECT_EQ(YamlDouble(RequireYamlKey(root, "ratio"), 0, 1), 0.25);
    EXPECT_TRUE(YamlBool(RequireYamlKey(root, "flag")));
    EXPECT_EQ(YamlStringList(RequireYamlKey(root, "list")), (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(FindYamlKey(root, "absent"));
    EXPECT_FALSE(FindYamlKey(ParseYaml("", "empty.yaml"), "name"));
}

TEST(Yaml, EntriesKeepTheFileOrderAndTheDottedPath) {
    const YamlValue root = ParseYaml("outer:\n  b: 1\n  a: 2\n", "t.yaml");
    const auto entries = YamlEntries(RequireYamlKey(root, "outer"), {"a", "b"});
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].name, "b");
    EXPECT_EQ(entries[0].value.key, "outer.b");
    EXPECT_EQ(entries[1].value.key, "outer.a");
    // Any key, dots in it too (a phrase), when the keys are data rather than names.
    const auto phrases = YamlEntries(ParseYaml("ru: {с. Алматы: 2}\n", "v.yaml"));
    ASSERT_EQ(phrases.size(), 1u);
    const auto words = YamlEntries(phrases[0].value);
    ASSERT_EQ(words.size(), 1u);
    EXPECT_EQ(words[0].name, "с. Алматы");
    EXPECT_EQ(YamlDouble(words[0].value), 2);
}

TEST(Yaml, UnknownKeyIsNamedWithItsFileLineAndTheKnownKeys) {
    const YamlValue root = ParseYaml("size:\n  width_mm: 35\n  widht_mm: 45\n", "photo.yaml");
    const std::string message = ErrorOf([&] {
        YamlEntries(RequireYamlKey(root, "size"), {"width_mm", "height_mm"});
    });
    EXPECT_EQ(message,
              "photo.yaml: 'size.widht_mm': unknown key 'widht_mm' (known: width_mm, height_mm) "
              "(line 3, column 3)");
}

TEST(Yaml, MissingKeyIsNamed) {
    const YamlValue root = ParseYaml("service: x\n", "rules.yaml");
    EXPECT_EQ(ErrorOf([&] { RequireYamlKey(root, "items"); }),
              "rules.yaml: missing key 'items' (line 1, column 1)");
}

TEST(Yaml, WrongTypesNameTheExpectedTypeAndTheLine) {
    const YamlValue root = ParseYaml(
        "a: [1, 2]\nb: heavy\nc: 2.5\nd: perhaps\ne: {x: 1}\nf: [ok, [nested]]\n", "t.yaml");
    EXPECT_EQ(ErrorOf([&] { YamlString(RequireYamlKey(root, "a")); }),
              "t.yaml: 'a': expected a single value, got a list (line 1, column 4)");
    EXPECT_EQ(ErrorOf([&] { YamlDouble(RequireYamlKey(root, "b")); }),
              "t.yaml: 'b': expected a number: 'heavy' is not a number (line 2, column 4)");
    EXPECT_EQ(ErrorOf([&] { YamlInt(RequireYamlKey(root, "c")); }),
              "t.yaml: 'c': expected a whole number: '2.5' is not one (line 3, column 4)");
    EXPECT_EQ(ErrorOf([&] { YamlBool(RequireYamlKey(root, "d")); }),
              "t.yaml: 'd': expected true or false: 'perhaps' is neither (line 4, column 4)");
    EXPECT_EQ(ErrorOf([&] { YamlStringList(RequireYamlKey(root, "e")); }),
              "t.yaml: 'e': expected a list of single values, got a mapping (line 5, column 4)");
    EXPECT_EQ(ErrorOf([&] { YamlStringList(RequireYamlKey(root, "f")); }),
              "t.yaml: 'f[2]': expected a single value, got a list (line 6, column 9)");
    EXPECT_EQ(ErrorOf([&] { YamlEntries(RequireYamlKey(root, "a"), {}); }),
              "t.yaml: 'a': expected a mapping, got a list (line 1, column 4)");
}

TEST(Yaml, RangesAreChecked) {
    const YamlValue root = ParseYaml("low: -1\nhigh: 300\nnan: .nan\n", "t.yaml");
    EXPECT_EQ(ErrorOf([&] { YamlDouble(RequireYamlKey(root, "low"), 0, 1); }),
              "t.yaml: 'low': must be between 0 and 1 (line 1, column 6)");
    EXPECT_EQ(ErrorOf([&] { YamlInt(RequireYamlKey(root, "low"), 2); }),
              "t.yaml: 'low': must be at least 2 (line 1, column 6)");
    EXPECT_EQ(ErrorOf([&] { YamlInt(RequireYamlKey(root, "high"), 0, 255); }),
              "t.yaml: 'high': must be between 0 and 255 (line 2, column 7)");
    EXPECT_NE(ErrorOf([&] { YamlDouble(RequireYamlKey(root, "nan")); }).find("not a number"),
              std::string::npos);
}

TEST(Yaml, UnparsableTextIsRefusedWithItsSource) {
    EXPECT_EQ(ErrorOf([] {
                  ParseYaml("a: {unclosed\n", "case.yaml");
              }).rfind("case.yaml: not valid YAML", 0),
              0u);
    EXPECT_NE(
        ErrorOf([] { LoadYamlFile("/nonexistent/x.yaml", "photo model"); }).find("cannot read"),
        std::string::npos);
}

}  // namespace
}  // namespace dossier
