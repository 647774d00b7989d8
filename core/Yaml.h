// Reading YAML values with one set of checks and one form of error for every loader: the source,
// the key, the line and column, and what was expected.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

/// A value of a YAML document and where it is, so that an error can name both.
struct YamlValue {
    YAML::Node node;
    /// What errors call the document: its file name ("case.yaml") or its role ("photo model")
    std::string source;
    /// Dotted path of the value ("signing.sub_filter"); empty for the document itself
    std::string key;
};

/// Parses `text`. Throws Error(InvalidConfig) "<source>: not valid YAML: ..." when it is not.
YamlValue ParseYaml(std::string_view text, std::string source);

/// Reads and parses `file`. Throws Error(InvalidConfig) when it cannot be read or parsed.
YamlValue LoadYamlFile(const std::filesystem::path& file, std::string source);

/// Throws Error(InvalidConfig) "<source>: '<key>': <why> (line L, column C)".
[[noreturn]] void FailYaml(const YamlValue& value, const std::string& why);

/// One key of a mapping and its value.
struct YamlEntry {
    std::string name;  ///< the key as written ("min"); its dotted path is value.key
    YamlValue value;
};

/// The entries of the mapping `map`, in the file's order. Refuses a value that is not a mapping,
/// and a key not in `known`, naming it and the keys known.
std::vector<YamlEntry> YamlEntries(const YamlValue& map, const std::vector<std::string>& known);

/// The entries of the mapping `map` whatever their keys (ids, languages, phrases), in the file's
/// order. Refuses a value that is not a mapping and a key that is not a single value.
std::vector<YamlEntry> YamlEntries(const YamlValue& map);

/// `map`'s value for `key`, or nullopt when it has none (`map` must be a mapping or null).
std::optional<YamlValue> FindYamlKey(const YamlValue& map, const std::string& key);

/// `map`'s value for `key`; throws naming the missing key when it has none.
YamlValue RequireYamlKey(const YamlValue& map, const std::string& key);

/// A single value as text; refuses a list or a mapping.
std::string YamlString(const YamlValue& value);

/// true or false (YAML's spellings: true/false, yes/no, on/off).
bool YamlBool(const YamlValue& value);

/// A finite number within [min, max].
double YamlDouble(const YamlValue& value, double min = std::numeric_limits<double>::lowest(),
                  double max = std::numeric_limits<double>::max());

/// A whole number within [min, max] ("3" and "3.0" are whole, "3.5" is not).
int YamlInt(const YamlValue& value, int min = std::numeric_limits<int>::min(),
            int max = std::numeric_limits<int>::max());

/// A list of single values as text; refuses anything else.
std::vector<std::string> YamlStringList(const YamlValue& value);

}  // namespace dossier
