// SPDX-License-Identifier: GPL-2.0-only
// expressroute-import: an Azure deployment (ARM template export, Terraform state) -> a scenario the
// loader accepts. doc/import.md. Exit 0: written (warnings on stderr); 1: errors, nothing written;
// 2: bad command line.
#include "expressroute-azure-import.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"

#include "ns3/command-line.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// The text of @p path; throws std::invalid_argument naming the flag when it cannot be read.
std::string
ReadFileOrThrow(const std::string& flag, const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::invalid_argument("--" + flag + "=" + path + ": cannot read the file");
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string arm;
    std::string terraform;
    std::string sites;
    std::string out;
    std::string name;
    CommandLine cmd(__FILE__);
    cmd.Usage("Imports an Azure deployment into a scenario: an ARM template export "
              "(az group export) or a Terraform state (terraform show -json) with its ExpressRoute "
              "circuits, peerings, Global Reach, "
              "ExpressRoute gateways, connections and virtual networks. On-premises sites are "
              "inferred, one per peering location, unless --sites maps circuits to sites. "
              "Warnings and errors name the Azure resource and the field.");
    cmd.AddValue("arm", "ARM template export to read (az group export)", arm);
    cmd.AddValue("terraform", "Terraform state to read (terraform show -json)", terraform);
    cmd.AddValue("sites",
                 "JSON mapping circuits to on-premises sites: "
                 "{\"sites\": [{\"name\", \"asn\", \"prefixes\", \"circuits\", \"location\"?}]}",
                 sites);
    cmd.AddValue("out", "scenario file to write (required)", out);
    cmd.AddValue("name", "scenario name (default: the ARM file's name without extension)", name);
    cmd.Parse(argc, argv);
    try
    {
        if (arm.empty() == terraform.empty() || out.empty())
        {
            throw std::invalid_argument(
                "one of --arm=FILE or --terraform=FILE, and --out=FILE, are required");
        }
        const std::string input = arm.empty() ? terraform : arm;
        const std::string text = ReadFileOrThrow(arm.empty() ? "terraform" : "arm", input);
        const std::string sitesText = sites.empty() ? "" : ReadFileOrThrow("sites", sites);
        if (name.empty())
        {
            name = std::filesystem::path(input).stem().string();
        }
        std::vector<ImportMessage> messages;
        const AzureEstate estate = arm.empty() ? ReadTerraformState(text, input, messages)
                                               : ReadArmTemplate(text, input, messages);
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
        std::ofstream file(out, std::ios::binary);
        file << result.scenarioJson;
        file.flush();
        if (!file)
        {
            std::cerr << "error: cannot write " << out << "\n";
            return 1;
        }
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
