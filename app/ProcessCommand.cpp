// `dossier process CASE_DIR --out DIR`: one case, start to finish.
#include <spdlog/spdlog.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/Cli.h"
#include "app/ExitCode.h"

namespace dossier {

void AddProcessCommand(CLI::App& app, CommonOptions& common) {
    auto* command = app.add_subcommand("process", "process one case folder start to finish");
    static std::string caseDir, outDir;
    command->add_option("CASE_DIR", caseDir, "the case folder")->required();
    command->add_option("--out,-o", outDir, "output root; the case goes to OUT/<case id>/")
        ->required();
    AddCommonOptions(*command, common);
    command->callback([&common] {
        const auto run = StartRun(common);
        const ProcessResult result = ProcessCase(caseDir, outDir, *run);
        const Case& c = result.caseData;
        if (common.json) {
            const nlohmann::json line = {{"case_id", c.id},
                                         {"verdict", ToString(c.verdict)},
                                         {"out", result.outDir.string()}};
            std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << "\n";
        } else if (!common.quiet) {
            std::cout << c.id << ": " << c.verdict << " (" << c.pages.size() << " pages)\n"
                      << "  report:    " << (result.outDir / "report.json").string() << "\n";
            if (result.caseFileWritten)
                std::cout << "  case file: " << (result.outDir / "case.pdf").string() << "\n";
            if (result.receiptWritten)
                std::cout << "  receipt:   " << (result.outDir / "receipt.pdf").string() << "\n";
        }
        common.exitStatus = kExitProcessed;
    });
}

}  // namespace dossier
