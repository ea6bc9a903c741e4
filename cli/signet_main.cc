// The `signet` binary: CLI, self-hosted server and hosted server in one.
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return signet::cli::Main(args);
}
