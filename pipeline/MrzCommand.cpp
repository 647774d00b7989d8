// `dossier mrz IMAGE [--json]`: find and read the MRZ of one image.
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "core/Error.h"
#include "ocr/MrzReader.h"
#include "pipeline/Cli.h"
#include "pipeline/Report.h"

namespace dossier {

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
            std::cout << (mrz ? MrzJson(*mrz) : nlohmann::json(nullptr)).dump(2) << "\n";
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
