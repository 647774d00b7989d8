// One form of error and one set of checks for every YAML loader (models, photo model, case.yaml,
// configuration).
#include "core/Yaml.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/Error.h"

namespace dossier {

namespace {

std::string Show(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

/// " (line L, column C)" for a node read from text; yaml-cpp counts from 0, editors from 1.
std::string Place(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return "";
    return " (line " + std::to_string(mark.line + 1) + ", column " +
           std::to_string(mark.column + 1) + ")";
}

std::string KindOf(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Null:
            return "nothing";
        default:
            return "'" + node.Scalar() + "'";
    }
}

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string Child(const YamlValue& map, const std::string& key) {
    return map.key.empty() ? key : map.key + "." + key;
}

}  // namespace

YamlValue ParseYaml(std::string_view text, std::string source) {
    try {
        return {YAML::Load(std::string(text)), source, ""};
    } catch (const YAML::Exception& e) {
        throw Error(ErrorCode::InvalidConfig, source + ": not valid YAML: " + e.what());
    }
}

YamlValue LoadYamlFile(const std::filesystem::path& file, std::string source) {
    try {
        return {YAML::LoadFile(file.string()), source, ""};
    } catch (const YAML::BadFile&) {
        throw Error(ErrorCode::InvalidConfig, source + ": cannot read " + file.string());
    } catch (const YAML::Exception& e) {
        throw Error(ErrorCode::InvalidConfig, source + ": not valid YAML: " + e.what());
    }
}

void FailYaml(const YamlValue& value, const std::string& why) {
    const std::string where = value.key.empty() ? "" : "'" + value.key + "': ";
    throw Error(ErrorCode::InvalidConfig, value.source + ": " + where + why + Place(value.node));
}

std::vector<YamlEntry> YamlEntries(const YamlValue& map, const std::vector<std::string>& known) {
    if (!map.node.IsMap()) FailYaml(map, "expected a mapping, got " + KindOf(map.node));
    std::vector<YamlEntry> entries;
    for (const auto& entry : map.node) {
        const YamlValue key{entry.first, map.source, map.key};
        const std::string name = YamlString(key);
        if (std::find(known.begin(), known.end(), name) == known.end())
            FailYaml({entry.first, map.source, Child(map, name)},
                     "unknown key '" + name + "' (known: " + Join(known) + ")");
        entries.push_back({name, {entry.second, map.source, Child(map, name)}});
    }
    return entries;
}

std::vector<YamlEntry> YamlEntries(const YamlValue& map) {
    if (!map.node.IsMap()) FailYaml(map, "expected a mapping, got " + KindOf(map.node));
    std::vector<YamlEntry> entries;
    for (const auto& entry : map.node) {
        const std::string name = YamlString({entry.first, map.source, map.key});
        entries.push_back({name, {entry.second, map.source, Child(map, name)}});
    }
    return entries;
}

std::optional<YamlValue> FindYamlKey(const YamlValue& map, const std::string& key) {
    if (map.node.IsNull()) return std::nullopt;
    if (!map.node.IsMap()) FailYaml(map, "expected a mapping, got " + KindOf(map.node));
    const YAML::Node value = map.node[key];
    if (!value) return std::nullopt;
    return YamlValue{value, map.source, Child(map, key)};
}

YamlValue RequireYamlKey(const YamlValue& map, const std::string& key) {
    auto value = FindYamlKey(map, key);
    if (!value) FailYaml(map, "missing key '" + key + "'");
    return *value;
}

std::string YamlString(const YamlValue& value) {
    if (!value.node.IsScalar())
        FailYaml(value, "expected a single value, got " + KindOf(value.node));
    return value.node.Scalar();
}

bool YamlBool(const YamlValue& value) {
    const std::string text = YamlString(value);
    bool out = false;
    if (!YAML::convert<bool>::decode(value.node, out))
        FailYaml(value, "expected true or false: '" + text + "' is neither");
    return out;
}

double YamlDouble(const YamlValue& value, double min, double max) {
    const std::string text = YamlString(value);
    double out = 0;
    if (!YAML::convert<double>::decode(value.node, out) || !std::isfinite(out))
        FailYaml(value, "expected a number: '" + text + "' is not a number");
    if (out < min || out > max) {
        const bool noMin = min == std::numeric_limits<double>::lowest();
        const bool noMax = max == std::numeric_limits<double>::max();
        FailYaml(value, noMax   ? "must be at least " + Show(min)
                        : noMin ? "must be at most " + Show(max)
                                : "must be between " + Show(min) + " and " + Show(max));
    }
    return out;
}

int YamlInt(const YamlValue& value, int min, int max) {
    const double lowest = min == std::numeric_limits<int>::min()
                              ? std::numeric_limits<double>::lowest()
                              : double(min);
    const double highest =
        max == std::numeric_limits<int>::max() ? std::numeric_limits<double>::max() : double(max);
    const double number = YamlDouble(value, lowest, highest);
    if (number != std::floor(number) || number < std::numeric_limits<int>::min() ||
        number > std::numeric_limits<int>::max())
        FailYaml(value, "expected a whole number: '" + value.node.Scalar() + "' is not one");
    return int(number);
}

std::vector<std::string> YamlStringList(const YamlValue& value) {
    if (!value.node.IsSequence())
        FailYaml(value, "expected a list of single values, got " + KindOf(value.node));
    std::vector<std::string> out;
    int index = 0;
    for (const auto& item : value.node)
        out.push_back(
            YamlString({item, value.source, value.key + "[" + std::to_string(++index) + "]"}));
    return out;
}

}  // namespace dossier
