// `dossier config --print`: the effective configuration, each value with where it came from.
#include <iostream>

#include "app/Cli.h"

namespace dossier {

void AddConfigCommand(CLI::App& app, CommonOptions& common) {
    auto* command = app.add_subcommand("config", "show the effective configuration");
    static bool print = false;
    command->add_flag("--print", print, "print every setting with its source (the default action)");
    AddCommonOptions(*command, common);
    command->callback([&common] {
        std::cout << DescribeConfig(ResolveConfig(common));
        common.exitStatus = 0;
    });
}

}  // namespace dossier
