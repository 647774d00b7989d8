// The dossier command line: one binary, one subcommand per job.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"dossier: scanned application packages in, checked and signed case files out"};
    app.require_subcommand(1);
    CLI11_PARSE(app, argc, argv);
    return 0;
}
