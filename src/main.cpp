#include "cli/cli_main.h"

int main(int argc, char** argv) { return capsule::cli_main(argc, argv); }
