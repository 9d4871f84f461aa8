// SPDX-License-Identifier: GPL-2.0-only
// expressroute-import: an Azure deployment (ARM template export, Terraform state, az CLI list
// output) -> a scenario the loader accepts. doc/import.md. Exit 0: written (warnings on stderr);
// 1: errors, nothing written; 2: bad command line.
#include "expressroute-azure-import.h"
#include "expressroute-azure-what-if.h"
#include "expressroute-command-line.h"
#include "expressroute-run-directory.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"


#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// What a path that is not a regular file is ("a directory"), for the message refusing it.
std::string
KindOf(std::filesystem::file_type type)
{
    switch (type)
    {
    case std::filesystem::file_type::directory:
        return "a directory";
    case std::filesystem::file_type::character:
        return "a character device";
    case std::filesystem::file_type::block:
        return "a block device";
    case std::filesystem::file_type::fifo:
        return "a pipe";
    case std::filesystem::file_type::socket:
        return "a socket";
    default:
        return "a special file";
    }
}

/// The text of @p path; throws std::invalid_argument naming the flag when it cannot be read.
/// A regular file, or a pipe (`--arm=<(az group export ...)`, `--terraform=/dev/stdin`) read up
/// to 256 MiB; not a directory, which reads as nothing, nor a device such as /dev/zero, which
/// never ends (the import read it until memory ran out).
std::string
ReadFileOrThrow(const std::string& flag, const std::string& path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
        !std::filesystem::is_fifo(status))
    {
        throw std::invalid_argument("--" + flag + "=" + path + ": not a regular file or a pipe (" +
                                    KindOf(status.type()) + ")");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::invalid_argument("--" + flag + "=" + path + ": cannot read the file");
    }
    auto text = ReadAtMost(in, 256u << 20);
    if (!text)
    {
        throw std::invalid_argument("--" + flag + "=" + path +
                                    ": more than 256 MiB, not an export or a state");
    }
    return *text;
}

/// The files of --az: comma-separated paths, a directory standing for its .json files (sorted).
std::vector<std::string>
AzInputs(const std::string& az)
{
    std::vector<std::string> out;
    size_t a = 0;
    while (a <= az.size())
    {
        const size_t b = az.find(',', a);
        const std::string path = az.substr(a, b == std::string::npos ? std::string::npos : b - a);
        a = b == std::string::npos ? az.size() + 1 : b + 1;
        if (path.empty())
        {
            continue;
        }
        if (!std::filesystem::is_directory(path))
        {
            out.push_back(path);
            continue;
        }
        std::vector<std::string> inDir;
        for (const auto& e : std::filesystem::directory_iterator(path))
        {
            if (e.is_regular_file() && e.path().extension() == ".json")
            {
                inDir.push_back(e.path().string());
            }
        }
        if (inDir.empty())
        {
            throw std::invalid_argument("--az=" + path + ": the directory has no .json files");
        }
        std::sort(inDir.begin(), inDir.end());
        out.insert(out.end(), inDir.begin(), inDir.end());
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string arm;
    std::string terraform;
    std::string az;
    std::string sites;
    std::string out;
    std::string name;
    ProgramCommandLine cmd(__FILE__,
              "Imports an Azure deployment into a scenario: an ARM template export "
              "(az group export), a Terraform state (terraform show -json) or az CLI list output, "
              "with its ExpressRoute circuits, peerings, Global Reach, ExpressRoute Direct ports, "
              "gateways, ExpressRoute and IPsec connections, local network gateways and virtual "
              "networks. On-premises sites are inferred, one per peering location and one per "
              "local network gateway, unless --sites maps circuits and local network gateways to "
              "sites. "
              "Warnings and errors name the Azure resource and the field.");
    cmd.AddValue("arm", "ARM template export to read (az group export)", arm);
    cmd.AddValue("terraform", "Terraform state to read (terraform show -json)", terraform);
    cmd.AddValue("az",
                 "az CLI list output to read: files separated by commas, or a directory of "
                 ".json files (az network express-route list, ... > FILE)",
                 az);
    cmd.AddValue("sites",
                 "JSON mapping circuits and local network gateways to on-premises sites: "
                 "{\"sites\": [{\"name\", \"asn\", \"prefixes\", \"circuits\"?, "
                 "\"localNetworkGateways\"?, \"location\"?}]}",
                 sites);
    cmd.AddValue("out", "scenario file to write (required)", out);
    std::string whatIf;
    cmd.AddValue("what-if",
                 "add a standard failure timeline: location-outage (each peering location in "
                 "turn) or circuit-failure (the busiest circuit's two links)",
                 whatIf);
    cmd.AddValue("name", "scenario name (default: the input file's name without extension, or the --az "
                 "directory's name; from a pipe, the --out file's)", name);
    for (const char* f : {"arm", "terraform", "sites", "out"})
    {
        cmd.SetMetavar(f, "FILE");
    }
    cmd.SetMetavar("az", "FILES");
    cmd.SetMetavar("what-if", "KIND");
    cmd.SetMetavar("name", "NAME");
    cmd.AddExample("expressroute-import --arm=export.json --out=contoso.json");
    cmd.Parse(argc, argv);
    try
    {
        if (int(!arm.empty()) + int(!terraform.empty()) + int(!az.empty()) != 1 || out.empty())
        {
            throw std::invalid_argument(
                "one of --arm=FILE, --terraform=FILE or --az=FILES, and --out=FILE, are required");
        }
        std::string sitesText = sites.empty() ? "" : ReadFileOrThrow("sites", sites);
        if (!sites.empty() && sitesText.empty())
        {
            sitesText = " "; // an empty --sites file is an error, not "no sites file"
        }
        std::vector<ImportMessage> messages;
        AzureEstate estate;
        // The default name: a file's stem; a pipe's ("stdin", "63" of /dev/fd/63) says nothing,
        // so then the --out file's.
        const auto nameOf = [&out](const std::string& input) {
            std::error_code ec;
            const std::filesystem::path p(input);
            return std::filesystem::is_regular_file(p, ec) ? p.stem().string()
                                                           : std::filesystem::path(out).stem().string();
        };
        if (!az.empty())
        {
            std::vector<std::pair<std::string, std::string>> files;
            for (const auto& path : AzInputs(az))
            {
                files.emplace_back(path, ReadFileOrThrow("az", path));
            }
            estate = ReadAzCliOutput(files, messages);
            const std::filesystem::path first(az.substr(0, az.find(',')));
            name = name.empty() ? (std::filesystem::is_directory(first)
                                       ? first.lexically_normal().filename().string()
                                       : nameOf(first.string()))
                                : name;
        }
        else
        {
            const std::string input = arm.empty() ? terraform : arm;
            const std::string text = ReadFileOrThrow(arm.empty() ? "terraform" : "arm", input);
            name = name.empty() ? nameOf(input) : name;
            estate = arm.empty() ? ReadTerraformState(text, input, messages)
                                 : ReadArmTemplate(text, input, messages);
        }
        const ImportResult result =
            BuildScenarioFromEstate(estate, name, sitesText, sites, ReadGeography(), messages);
        for (const auto& m : result.messages)
        {
            std::cerr << m.ToString() << "\n";
        }
        if (result.HasErrors())
        {
            std::cerr << "error: no scenario written\n";
            return 1;
        }
        std::string scenarioJson = result.scenarioJson;
        if (!whatIf.empty())
        {
            scenarioJson = AddWhatIfTimeline(scenarioJson, whatIf);
            // The timeline is checked by the loader, as the simulator will.
            LoadScenarioString(scenarioJson, out, ReadGeography());
        }
        WriteOwnFile("out", out, scenarioJson, "expressroute-import", [](const std::string& text) {
            // Our scenarios say where they came from; an export or a state file does not.
            return text.find("\"description\": \"Imported from ") != std::string::npos;
        });
        std::cout << "wrote " << out << "\n";
        return 0;
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    catch (const std::exception& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
