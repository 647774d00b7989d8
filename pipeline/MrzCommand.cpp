// `dossier mrz IMAGE [--json]`: find and read the MRZ of one image.
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/Error.h"
#include "ocr/MrzReader.h"
#include "pipeline/Cli.h"

namespace dossier {

namespace {

nlohmann::json ToJson(const Mrz& mrz) {
    nlohmann::json checks = nlohmann::json::object();
    for (const MrzCheck& check : mrz.checks) checks[check.field] = check.ok;
    nlohmann::json corrections = nlohmann::json::array();
    for (const MrzCorrection& c : mrz.corrections)
        corrections.push_back({{"line", c.line},
                               {"position", c.position},
                               {"from", std::string(1, c.from)},
                               {"to", std::string(1, c.to)},
                               {"proven_by", c.provenBy}});
    nlohmann::json issues = nlohmann::json::array();
    for (const Issue& issue : mrz.issues)
        issues.push_back({{"severity", ToString(issue.severity)},
                          {"code", issue.code},
                          {"message", issue.message}});
    auto date = [](const std::optional<Date>& d) -> nlohmann::json {
        return d ? nlohmann::json(d->ToIso()) : nlohmann::json(nullptr);
    };
    return {{"format", ToString(mrz.format)},
            {"lines", mrz.lines},
            {"valid", mrz.valid},
            {"checks", checks},
            {"corrections", corrections},
            {"document_code", mrz.documentCode},
            {"issuing_state", mrz.issuingState},
            {"surname", mrz.surname},
            {"given_names", mrz.givenNames},
            {"document_number", mrz.documentNumber},
            {"nationality", mrz.nationality},
            {"birth_date", date(mrz.birthDate)},
            {"sex", mrz.sex},
            {"expiry_date", date(mrz.expiryDate)},
            {"optional_data", mrz.optionalData},
            {"optional_data_2", mrz.optionalData2},
            {"iin", mrz.iin ? nlohmann::json(*mrz.iin) : nlohmann::json(nullptr)},
            {"reader", mrz.reader},
            {"issues", issues}};
}

}  // namespace

void AddMrzCommand(CLI::App& app, CommonOptions& common) {
    auto image = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand("mrz", "Find and read the MRZ of one image");
    command->add_option("IMAGE", *image, "Image of a passport page, ID card or visa")
        ->required()
        ->check(CLI::ExistingFile);
    AddCommonOptions(*command, common);
    command->callback([image, &common] {
        const Config config = ResolveConfig(common);
        const cv::Mat gray = cv::imread(*image, cv::IMREAD_GRAYSCALE);
        if (gray.empty()) throw Error(ErrorCode::Io, "cannot read image: " + *image);
        const Date reference = config.applicationDate.value_or(Date::Today());
        MrzReader reader(config.mrz);
        const auto mrz = reader.Read(gray, 300, reference);
        if (common.json) {
            std::cout << (mrz ? ToJson(*mrz) : nlohmann::json(nullptr)).dump(2) << "\n";
        } else if (!mrz) {
            std::cout << "no MRZ found\n";
        } else {
            std::cout << ToString(mrz->format) << (mrz->valid ? " valid" : " NOT valid") << "\n";
            for (const auto& line : mrz->lines) std::cout << line << "\n";
            for (const MrzCheck& check : mrz->checks)
                std::cout << "  check " << check.field << ": " << (check.ok ? "ok" : "WRONG")
                          << "\n";
            for (const MrzCorrection& c : mrz->corrections)
                std::cout << "  corrected line " << c.line + 1 << " column " << c.position + 1
                          << ": " << c.from << " -> " << c.to << " (proven by " << c.provenBy
                          << ")\n";
            for (const Issue& issue : mrz->issues)
                std::cout << "  " << ToString(issue.severity) << " " << issue.code << ": "
                          << issue.message << "\n";
        }
        common.exitStatus = mrz ? 0 : 1;
    });
}

}  // namespace dossier
