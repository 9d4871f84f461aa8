// SPDX-License-Identifier: GPL-2.0-only
// expressroute-import: an ARM template export of a two-site estate becomes a
// scenario that loads and runs; what cannot be mapped is a warning or an error
// naming the resource and the field.
#include "expressroute-azure-import.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-loader.h"

#include "expressroute-import-test-util.h"
#include "expressroute-temp-dir.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/wait.h>
#include <tuple>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

using Json = nlohmann::json;
using ns3::expressroute::test::TempDir;
using namespace ns3::expressroute::test;
const std::string& kData = kImportData;

/// Imports the fixture after @p edit changed it; @p sites: a sites file's text
/// or "".
ImportResult
Import(const std::function<void(Json&)>& edit, const std::string& sites = "")
{
    return ImportEditedArm(edit, sites, "sites.json");
}

/// The fixture's resource with this "name" parameter default.
Json&
Resource(Json& arm, const std::string& parameter)
{
    for (auto& r : arm["resources"])
    {
        if (r["name"] == "[parameters('" + parameter + "')]")
        {
            return r;
        }
    }
    throw std::runtime_error("no resource " + parameter);
}

} // namespace

TEST(ArmImport, TwoSiteEstateMapsFieldByField)
{
    const auto r = Import([](Json&) {});
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    EXPECT_TRUE(r.messages.empty()) << ::testing::PrintToString(Lines(r));
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    ASSERT_EQ(s.circuits.size(), 2u);
    EXPECT_EQ(s.circuits[0].name, "contoso-ams");
    EXPECT_EQ(s.circuits[0].peeringLocation, "Amsterdam");
    EXPECT_EQ(s.circuits[0].bandwidthBps, 1000000000u) << "bandwidthInMbps 1000";
    EXPECT_EQ(s.circuits[1].bandwidthBps, 500000000u) << "bandwidthInMbps 500";
    ASSERT_EQ(s.circuits[1].peerings.size(), 2u) << "private and Microsoft peering of contoso-lon";
    EXPECT_EQ(s.circuits[1].peerings[1].vlan, 300u);
    ASSERT_EQ(s.circuits[0].vnetLinks.size(), 1u);
    EXPECT_EQ(s.circuits[0].vnetLinks[0].weight, 10u) << "routingWeight 10";
    EXPECT_EQ(s.circuits[1].vnetLinks.size(), 3u);
    ASSERT_EQ(s.vnets.size(), 3u);
    EXPECT_EQ(s.vnets[0].region, "West Europe") << "location westeurope";
    EXPECT_EQ(s.vnets[2].region, "East US") << "location eastus";
    ASSERT_EQ(s.sites.size(), 3u)
        << "one inferred site per peering location and one per local network gateway";
    EXPECT_EQ(s.sites[0].name, "onprem-amsterdam");
    EXPECT_EQ(s.sites[0].asn, 65020u) << "the site takes its first peering's peerASN";
    EXPECT_EQ(s.sites[1].asn, 65010u);
    EXPECT_EQ(s.sites[2].name, "onprem-frankfurt-hq-lng");
    EXPECT_EQ(s.sites[2].asn, 65010u) << "bgpSettings.asn";
    EXPECT_NEAR(s.sites[2].latitude, Places()->FindRegion("West Europe")->GetLatitude(), 1e-9)
        << "at its location westeurope";
    ASSERT_EQ(s.vpnConnections.size(), 1u) << "the IPsec connection hub-to-frankfurt-vpn";
    EXPECT_EQ(s.vpnConnections[0].name, "hub-to-frankfurt-vpn");
    EXPECT_EQ(s.vpnConnections[0].site, "onprem-frankfurt-hq-lng");
    EXPECT_EQ(s.vpnConnections[0].vnet, "hub-westeurope") << "the VNet of hub-weu-vpngw";
    ASSERT_EQ(s.globalReach.size(), 1u) << "the ams-lon connection of contoso-ams's peering";
    EXPECT_EQ(s.probes.size(), 5u) << "one per site-VNet pair, the VPN's included";
    const auto doc = Json::parse(r.scenarioJson);
    EXPECT_EQ(doc["circuits"][1]["tier"], "Premium");
    EXPECT_EQ(doc["vnets"][0]["gateway"]["sku"], "ErGw2Az") << "ErGw2AZ";
    EXPECT_EQ(doc["circuits"][0]["provider"], "equinix");
    EXPECT_EQ(doc["vpnConnections"][0]["sku"], "VpnGw1");
    EXPECT_EQ(doc["sites"][2]["prefixes"], Json::parse(R"(["10.10.0.0/16"])"))
        << "localNetworkAddressSpace.addressPrefixes";
    EXPECT_NE(doc["description"].get<std::string>().find(
                  "site onprem-amsterdam inferred for peering location Amsterdam"),
              std::string::npos)
        << doc["description"];
}

TEST(ArmImport, SitesFileNamesTheSites)
{
    const auto r = Import([](Json&) {}, ReadText(kData + "contoso-sites.json"));
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    ASSERT_EQ(s.sites.size(), 2u);
    EXPECT_EQ(s.sites[0].name, "frankfurt-hq");
    EXPECT_EQ(s.circuits[1].site, "frankfurt-hq") << "contoso-lon is mapped to frankfurt-hq";
    EXPECT_EQ(s.circuits[0].site, "amsterdam-dc");
    ASSERT_EQ(s.vpnConnections.size(), 1u);
    EXPECT_EQ(s.vpnConnections[0].site, "frankfurt-hq")
        << "the sites file makes the VPN the backup of frankfurt-hq's circuit";
}

TEST(ArmImport, SitesFileErrorsNameTheFileAndEntry)
{
    const auto r = Import([](Json&) {},
                          R"({"sites": [
        {"name": "hq", "asn": 65010, "prefixes": ["10.10.0.0/16"], "circuits": ["contoso-nyc"]},
        {"name": "dc", "prefixes": ["10.20.0.0/16"], "circuits": ["contoso-ams"]}]})");
    EXPECT_EQ(Lines(r),
              (std::vector<std::string>{
                  "error: sites.json: /sites/1/asn: required key is missing",
                  "error: sites.json: /sites/0/circuits: circuit contoso-nyc is not in the "
                  "export",
                  "warning: sites.json: /sites/0/circuits: site hq has no circuit or VPN "
                  "connection in the export: left out"}));
}

TEST(ArmImport, UnknownPeeringLocationIsAnError)
{
    const auto r = Import([](Json& a) {
        Resource(a,
                 "expressRouteCircuits_contoso_ams_name")["properties"]["serviceProviderProperties"]
                                                         ["peeringLocation"] = "Atlantis";
    });
    EXPECT_TRUE(r.HasErrors());
    EXPECT_TRUE(r.scenarioJson.empty());
    EXPECT_EQ(
        Lines(r),
        std::vector<std::string>{"error: Microsoft.Network/expressRouteCircuits/contoso-ams: "
                                 "properties.serviceProviderProperties.peeringLocation: unknown "
                                 "peering location "
                                 "Atlantis (not in data/peering_locations.csv)"});
}

TEST(ArmImport, BasicCircuitTierIsAnError)
{
    const auto r = Import([](Json& a) {
        Resource(a, "expressRouteCircuits_contoso_lon_name")["sku"]["tier"] = "Basic";
    });
    EXPECT_EQ(Lines(r),
              std::vector<std::string>{"error: Microsoft.Network/expressRouteCircuits/contoso-lon: "
                                       "sku.tier: tier Basic "
                                       "is not an ExpressRoute tier the simulator models (Local, "
                                       "Standard, Premium)"});
}

TEST(ArmImport, BasicGatewaySkuIsAnError)
{
    const auto r = Import([](Json& a) {
        Resource(a, "virtualNetworkGateways_dr_eus_ergw_name")["properties"]["sku"]["name"] =
            "Basic";
    });
    ASSERT_EQ(r.messages.size(), 2u) << ::testing::PrintToString(Lines(r));
    EXPECT_EQ(Lines(r)[1],
              "warning: Microsoft.Network/connections/lon-to-dr: "
              "properties.virtualNetworkGateway1.id: gateway "
              "dr-eus-ergw (VNet dr-eastus) is not "
              "imported: link left out")
        << "the connection that depended on the gateway is reported too";
    EXPECT_EQ(Lines(r)[0],
              "error: Microsoft.Network/virtualNetworkGateways/dr-eus-ergw: "
              "properties.sku.name: "
              "gateway SKU Basic is not an ExpressRoute gateway SKU the "
              "simulator models "
              "(Standard, HighPerformance, UltraPerformance, ErGw1AZ, ErGw2AZ, "
              "ErGw3AZ, "
              "ErGwScale)");
}

TEST(ArmImport, AzurePublicPeeringIsSkippedWithAWarning)
{
    const auto r = Import([](Json& a) {
        Resource(a, "expressRouteCircuits_contoso_lon_name")["properties"]["peerings"].push_back(
            Json::parse(R"({"name": "AzurePublicPeering", "properties": {
                "peeringType": "AzurePublicPeering", "peerASN": 65010, "vlanId": 400,
                "primaryPeerAddressPrefix": "203.0.113.8/30",
                "secondaryPeerAddressPrefix": "203.0.113.12/30"}})"));
    });
    ASSERT_FALSE(r.HasErrors());
    EXPECT_EQ(
        Lines(r),
        std::vector<std::string>{"warning: "
                                 "Microsoft.Network/expressRouteCircuits/contoso-lon/peerings/"
                                 "AzurePublicPeering: properties.peeringType: "
                                 "AzurePublicPeering is deprecated "
                                 "(merged into Microsoft peering) and not modelled: skipped"});
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    EXPECT_EQ(s.circuits[1].peerings.size(), 2u) << "private and Microsoft peering remain";
}

TEST(ArmImport, ConnectionToACircuitNotInTheExportIsReported)
{
    const auto r = Import([](Json& a) {
        Resource(a, "connections_lon_to_app_name")["properties"]["peer"]["id"] =
            "/subscriptions/0/resourceGroups/other/providers/Microsoft.Network/"
            "expressRouteCircuits/contoso-nyc";
    });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    EXPECT_EQ(Lines(r),
              (std::vector<std::string>{"warning: Microsoft.Network/connections/lon-to-app: "
                                        "properties.peer.id: circuit "
                                        "contoso-nyc is not in the export: link left out"}));
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    EXPECT_EQ(s.circuits[1].vnetLinks.size(), 2u) << "contoso-lon keeps hub and dr";
}

TEST(ArmImport, GatewayWithoutExpressRouteConnectionIsReported)
{
    const auto r = Import([](Json& a) {
        auto& res = a["resources"];
        for (auto it = res.begin(); it != res.end(); ++it)
        {
            if ((*it)["name"] == "[parameters('connections_lon_to_dr_name')]")
            {
                res.erase(it);
                break;
            }
        }
    });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    EXPECT_EQ(
        Lines(r),
        std::vector<std::string>{"warning: Microsoft.Network/virtualNetworkGateways/dr-eus-ergw: "
                                 "ExpressRoute "
                                 "gateway with no ExpressRoute connection in the export"});
}

TEST(ArmImport, LoaderErrorNamesTheConnectionItCameFrom)
{
    // A Standard circuit at Amsterdam cannot link a VNet in East US (another
    // geopolitical region).
    const auto r = Import([](Json& a) {
        Json c = Resource(a, "connections_lon_to_dr_name");
        c["name"] = "ams-to-dr";
        c["properties"]["peer"]["id"] = "[resourceId('Microsoft.Network/expressRouteCircuits', "
                                        "parameters('expressRouteCircuits_contoso_ams_name'))]";
        a["resources"].push_back(c);
    });
    ASSERT_TRUE(r.HasErrors());
    ASSERT_EQ(r.messages.size(), 1u) << ::testing::PrintToString(Lines(r));
    EXPECT_EQ(r.messages[0].resource, "Microsoft.Network/connections/ams-to-dr");
    EXPECT_EQ(r.messages[0].message.rfind("the loader refuses /circuits/0/vnetLinks/1: ", 0), 0u)
        << r.messages[0].message;
}

TEST(ArmImport, UnknownRegionIsAnError)
{
    const auto r = Import([](Json& a) {
        Resource(a, "virtualNetworks_dr_eastus_name")["location"] = "marsnorth";
    });
    ASSERT_GE(r.messages.size(), 1u);
    EXPECT_EQ(Lines(r)[0],
              "error: Microsoft.Network/virtualNetworks/dr-eastus: location: unknown "
              "Azure region marsnorth (not in data/regions.csv)");
}

TEST(ArmImport, GatewayOfAVnetOutsideTheExportIsReported)
{
    const auto r = Import([](Json& a) {
        auto& res = a["resources"];
        for (auto it = res.begin(); it != res.end(); ++it)
        {
            if ((*it)["name"] == "[parameters('virtualNetworks_dr_eastus_name')]")
            {
                res.erase(it);
                break;
            }
        }
    });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    ASSERT_EQ(r.messages.size(), 2u) << ::testing::PrintToString(Lines(r));
    EXPECT_EQ(Lines(r)[0],
              "warning: Microsoft.Network/virtualNetworkGateways/dr-eus-ergw: "
              "properties.ipConfigurations[].properties.subnet.id: VNet dr-eastus is "
              "not in the export: gateway left out");
}

TEST(ArmImport, UnresolvableExpressionNamesTheField)
{
    const auto r = Import([](Json& a) {
        Resource(a, "expressRouteCircuits_contoso_ams_name")["sku"]["tier"] =
            "[reference('somewhere').tier]";
    });
    ASSERT_TRUE(r.HasErrors());
    EXPECT_EQ(Lines(r)[0],
              "error: Microsoft.Network/expressRouteCircuits/contoso-ams: sku.tier: "
              "cannot resolve the expression [reference('somewhere').tier]");
}

TEST(ArmImport, SelfReferencingParameterIsAnErrorNotACrash)
{
    const auto r = Import([](Json& a) {
        a["parameters"]["expressRouteCircuits_contoso_ams_name"]["defaultValue"] =
            "[parameters('expressRouteCircuits_contoso_ams_name')]";
    });
    ASSERT_TRUE(r.HasErrors());
    EXPECT_EQ(Lines(r)[0],
              "error: export.json: /resources/0: name: cannot resolve the expression "
              "[parameters('expressRouteCircuits_contoso_ams_name')]");
}

TEST(ArmImport, AnUnclosedExpressionIsAnErrorNamingTheResourceAndField)
{
    // Before: a circuit named "[parameters('expressRouteCircuits_contoso_ams_name'", exit 0.
    const std::string unclosed = "[parameters('expressRouteCircuits_contoso_ams_name'";
    const std::string why = ": a value starting with '[' is an ARM expression and ends with ']' "
                            "(a literal '[' is written '[[')";
    const auto top = Import([&](Json& a) { a["resources"][0]["name"] = unclosed; });
    ASSERT_TRUE(top.HasErrors());
    EXPECT_EQ(Lines(top)[0],
              "error: export.json: /resources/0: name: unclosed expression " + unclosed + why);
    const auto nested = Import([](Json& a) {
        Resource(a, "expressRouteCircuits_contoso_ams_name")["properties"]["peerings"][0]["name"] =
            "[concat('Azure', 'PrivatePeering')";
    });
    ASSERT_TRUE(nested.HasErrors());
    EXPECT_EQ(Lines(nested)[0],
              "error: Microsoft.Network/expressRouteCircuits/contoso-ams: "
              "properties.peerings[0].name: unclosed expression [concat('Azure', "
              "'PrivatePeering')" + why);
    const auto field = Import([](Json& a) {
        Resource(a, "expressRouteCircuits_contoso_ams_name")["sku"]["tier"] = "[Standard";
    });
    ASSERT_TRUE(field.HasErrors());
    EXPECT_EQ(Lines(field)[0],
              "error: Microsoft.Network/expressRouteCircuits/contoso-ams: sku.tier: unclosed "
              "expression [Standard" + why);
}

TEST(ArmImport, ANameWithOtherSegmentsThanItsTypeIsAnError)
{
    // ARM names a resource outside its parent "parent/child", one segment per type segment
    // after the namespace, and refuses a template where they differ. Before: a circuit "a/b"
    // became circuit a, and a peering resource named "AzurePrivatePeering" peering "?".
    const std::string rule = ": ARM names a resource with one segment per type segment after "
                             "the namespace (a top-level resource 'name', a child resource "
                             "'parent/child')";
    const auto circuit = Import([](Json& a) { a["resources"][0]["name"] = "a/b"; });
    ASSERT_TRUE(circuit.HasErrors());
    EXPECT_EQ(Lines(circuit)[0],
              "error: export.json: /resources/0: name: a/b has 2 segments where type "
              "Microsoft.Network/expressRouteCircuits has 1" + rule);
    const auto peering = Import([](Json& a) {
        a["resources"][2]["name"] = "[concat('Azure', 'PrivatePeering')]";
    });
    ASSERT_TRUE(peering.HasErrors());
    EXPECT_EQ(Lines(peering)[0],
              "error: export.json: /resources/2: name: AzurePrivatePeering has 1 segment where "
              "type Microsoft.Network/expressRouteCircuits/peerings has 2" + rule +
                  " (from [concat('Azure', 'PrivatePeering')])");
    const auto empty = Import([](Json& a) { a["resources"][0]["name"] = "/contoso-ams"; });
    EXPECT_EQ(Lines(empty)[0],
              "error: export.json: /resources/0: name: /contoso-ams has an empty segment");
    const auto type = Import([](Json& a) { a["resources"][0]["type"] = "expressRouteCircuits"; });
    EXPECT_EQ(Lines(type)[0],
              "error: export.json: /resources/0: type: type expressRouteCircuits is not a "
              "resource type (Namespace/type, Namespace/type/child)");
}

TEST(ArmImport, MalformedResourcesAreErrors)
{
    std::vector<ImportMessage> messages;
    ReadArmTemplate(R"({"resources": [3, {"type": "Microsoft.Network/expressRouteCircuits",
        "name": "c", "sku": {"tier": "Standard"}, "properties": {"peerings": [7]}}]})",
                    "x.json",
                    messages);
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages[0].ToString(), "error: x.json: /resources/0: expected a resource object");
}

TEST(ArmImport, NotATemplateIsAnError)
{
    std::vector<ImportMessage> messages;
    ReadArmTemplate("{\"resources\": 3}", "x.json", messages);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].ToString(),
              "error: x.json: resources: not an ARM template: no \"resources\" array");
}

TEST(ArmImport, NumberOverflowIsReportedAtItsLineAndColumn)
{
    // Before: "[json.exception.out_of_range.406] number overflow parsing '1e400'", no file, no
    // place; as the loader reports its files now.
    std::vector<ImportMessage> messages;
    ReadArmTemplate("{\n  \"resources\": [\n    {\"bandwidthInMbps\": 1e400}\n  ]\n}",
                    "export.json",
                    messages);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].ToString(),
              "error: export.json:3:29: syntax error: number overflow parsing '1e400'");
    messages.clear();
    ReadArmTemplate(R"({"resources": [], "resources": []})", "export.json", messages);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].ToString(),
              "error: export.json: /resources: duplicate key (JSON parsers keep only one of the "
              "values)");
}

TEST(ArmImport, ANonStringTypeNamesTheResourceAndField)
{
    // Before: "[json.exception.type_error.302] type must be string, but is number".
    const auto r = Import([](Json& a) { a["resources"][0]["type"] = 5; });
    ASSERT_TRUE(r.HasErrors());
    EXPECT_EQ(Lines(r)[0], "error: export.json: /resources/0: type: expected a string, got number");
}

TEST(ImportCommandLine, ImportedEstateRunsForTwoSeconds)
{
    const TempDir dir("import");
    const auto out = dir.Path("estate.json");
    const auto imp =
        RunProgram("expressroute-import --arm=" + kData +
                   "contoso-arm-export.json --sites=" + kData + "contoso-sites.json --out=" + out);
    ASSERT_EQ(imp.exitCode, 0) << imp.output;
    const auto sim = RunProgram("expressroute-sim --scenario=" + out +
                                " --duration=2s --out=" + dir.Path("run"));
    ASSERT_EQ(sim.exitCode, 0) << sim.output;
    const std::string probes = ReadText(dir.Path("run") + "/probes.csv");
    EXPECT_NE(probes.find("frankfurt-hq-to-dr-eastus"), std::string::npos)
        << "the Premium circuit's link to East US carries probes";
}

TEST(ImportCommandLine, ErrorsExitOneAndWriteNothing)
{
    const TempDir dir("import");
    std::ofstream(dir.Path("bad.json"))
        << "{\"resources\": [{\"type\": "
           "\"Microsoft.Network/expressRouteCircuits\", \"name\": "
           "\"c1\", \"sku\": {\"tier\": \"Basic\"}, \"properties\": "
           "{\"serviceProviderProperties\": {\"peeringLocation\": "
           "\"Amsterdam\", \"bandwidthInMbps\": 50}}}]}";
    const auto r = RunProgram("expressroute-import --arm=" + dir.Path("bad.json") +
                              " --out=" + dir.Path("out.json"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("error: Microsoft.Network/expressRouteCircuits/c1: sku.tier: tier "
                            "Basic"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.Path("out.json")));
}

TEST(ImportCommandLine, AFileItDidNotWriteIsNeverReplaced)
{
    const TempDir dir("import");
    const std::string exportFile = dir.Path("export.json");
    std::filesystem::copy_file(kData + "contoso-arm-export.json", exportFile);
    const std::string exportText = ReadText(exportFile);
    std::ofstream(dir.Path("thesis.txt")) << "chapter 1";
    // Before: "wrote thesis.txt", and --out naming the export destroyed it.
    for (const std::string& target : {dir.Path("thesis.txt"), exportFile})
    {
        const auto r = RunProgram("expressroute-import --arm=" + exportFile + " --out=" + target);
        EXPECT_NE(r.exitCode, 0) << r.output;
        EXPECT_NE(r.output.find("--out=" + target +
                                ": exists and was not written by expressroute-import"),
                  std::string::npos)
            << r.output;
    }
    EXPECT_EQ(ReadText(dir.Path("thesis.txt")), "chapter 1");
    EXPECT_EQ(ReadText(exportFile), exportText);
    // Its own scenario is replaced; flags take the "--flag value" form too.
    const std::string out = dir.Path("contoso.json");
    for (int i = 0; i < 2; ++i)
    {
        const auto r = RunProgram("expressroute-import --arm " + exportFile + " --out " + out);
        EXPECT_EQ(r.exitCode, 0) << r.output;
    }
    const auto stray = RunProgram("expressroute-import --arm=" + exportFile + " --out=" + out +
                                  " extra.json");
    EXPECT_EQ(stray.exitCode, 2) << stray.output;
    EXPECT_NE(stray.output.find("unexpected argument 'extra.json'"), std::string::npos)
        << stray.output;
}

TEST(ImportCommandLine, MissingArmIsABadCommandLine)
{
    const auto r = RunProgram("expressroute-import --out=x.json");
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("one of --arm=FILE, --terraform=FILE or --az=FILES, and --out=FILE, "
                            "are required"),
              std::string::npos)
        << r.output;
}

TEST(ImportCommandLine, AnInputThatIsNeitherAFileNorAPipeIsRefused)
{
    // Before: --arm=DIR said "not JSON ... line 1, column 1" and --arm=/dev/zero read until
    // memory ran out. The address-space limit makes such a regression fail, not exhaust memory.
    const TempDir dir("import");
    const std::string arm = " --arm=" + kData + "contoso-arm-export.json";
    const std::string isDir = ": not a regular file or a pipe (a directory)\n";
    const std::string isDevice = ": not a regular file or a pipe (a character device)\n";
    const std::vector<std::pair<std::string, std::string>> cases{
        {" --arm=" + dir.Path(), "error: --arm=" + dir.Path() + isDir},
        {" --arm=/dev/zero", "error: --arm=/dev/zero" + isDevice},
        {" --terraform=/dev/null", "error: --terraform=/dev/null" + isDevice},
        {" --az=/dev/zero", "error: --az=/dev/zero" + isDevice},
        {arm + " --sites=" + dir.Path(), "error: --sites=" + dir.Path() + isDir},
        {arm + " --sites=/dev/zero", "error: --sites=/dev/zero" + isDevice}};
    for (const auto& [args, expected] : cases)
    {
        const auto r = RunShell("ulimit -v 2000000; " + std::string(EXPRESSROUTE_BIN_DIR) +
                                "/expressroute-import" + args + " --out=" + dir.Path("out.json"));
        EXPECT_EQ(r.exitCode, 2) << args << ": " << r.output;
        EXPECT_EQ(r.output, expected) << args;
    }
    EXPECT_FALSE(std::filesystem::exists(dir.Path("out.json")));
    // A pipe is read: az group export ... | expressroute-import --arm=/dev/stdin.
    const auto piped = RunShell("cat " + kData + "contoso-arm-export.json | " +
                                std::string(EXPRESSROUTE_BIN_DIR) +
                                "/expressroute-import --arm=/dev/stdin --out=" + dir.Path("out.json"));
    EXPECT_EQ(piped.exitCode, 0) << piped.output;
    ASSERT_TRUE(std::filesystem::exists(dir.Path("out.json")));
    // Named after the --out file, not "stdin" (nor "63" of bash's /dev/fd/63).
    EXPECT_EQ(Json::parse(ReadText(dir.Path("out.json")))["name"], "out");
}

namespace
{

/// Imports the Terraform fixture after @p edit changed it.
ImportResult
ImportTerraform(const std::function<void(Json&)>& edit)
{
    Json state = Json::parse(ReadText(kData + "contoso-terraform-state.json"));
    edit(state);
    std::vector<ImportMessage> messages;
    const auto estate = ReadTerraformState(state.dump(), "state.json", messages);
    return BuildScenarioFromEstate(estate, "contoso", "", "", Places(), messages);
}

/// The Terraform fixture's resource at @p address (root module or module.hub).
Json&
TerraformResource(Json& state, const std::string& address)
{
    auto& root = state["values"]["root_module"];
    for (auto* list : {&root["resources"], &root["child_modules"][0]["resources"]})
    {
        for (auto& r : *list)
        {
            if (r["address"] == address)
            {
                return r;
            }
        }
    }
    throw std::runtime_error("no resource " + address);
}

} // namespace

TEST(TerraformImport, ANonStringTypeOrAddressNamesItsPlace)
{
    // Before: "[json.exception.type_error.302] type must be string, but is number".
    const std::vector<std::tuple<std::string, Json, std::string>> cases{
        {"type", Json(5), "type: expected a string, got number"},
        {"address", Json(5), "address: expected a string, got number"},
        {"mode", Json::array(), "mode: expected a string, got array"},
        {"values", Json("x"), "values: expected an object, got string"}};
    for (const auto& [key, value, expected] : cases)
    {
        const auto r = ImportTerraform([&](Json& s) {
            TerraformResource(s, "module.hub.azurerm_virtual_network.this")[key] = value;
        });
        ASSERT_TRUE(r.HasErrors()) << key;
        EXPECT_EQ(Lines(r)[0],
                  "error: state.json: /values/root_module/child_modules/0/resources/0: " +
                      expected);
    }
    std::vector<ImportMessage> messages;
    ReadTerraformState("{\"values\": {\"root_module\": {\"x\": -1e400}}}", "state.json", messages);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].ToString(),
              "error: state.json:1:39: syntax error: number overflow parsing '-1e400'");
}

TEST(TerraformImport, AGlobalReachIdThatNamesNoCircuitIsSaidAsWritten)
{
    // Before: "peer_peering_id: circuit  is not in the state" (an empty name).
    const std::string rest = " is not the id of an ExpressRoute circuit peering "
                             "(.../expressRouteCircuits/CIRCUIT/peerings/PEERING): Global Reach "
                             "left out";
    for (const std::string key : {"peer_peering_id", "peering_id"})
    {
        const auto r = ImportTerraform([&key](Json& s) {
            TerraformResource(s, "azurerm_express_route_circuit_connection.ams_lon")["values"]
                             [key] = "garbage";
        });
        EXPECT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
        EXPECT_EQ(Lines(r),
                  std::vector<std::string>{"warning: "
                                           "azurerm_express_route_circuit_connection.ams_lon: " +
                                           key + ": 'garbage'" + rest});
        EXPECT_EQ(Json::parse(r.scenarioJson).count("globalReach"), 0u) << key;
    }
    const auto arm = Import([](Json& a) {
        Resource(a, "expressRouteCircuits_contoso_ams_name")["properties"]["peerings"][0]
                ["properties"]["connections"][0]["properties"]["peerExpressRouteCircuitPeering"]
                ["id"] = "garbage";
    });
    EXPECT_EQ(Lines(arm),
              std::vector<std::string>{
                  "warning: Microsoft.Network/expressRouteCircuits/contoso-ams/peerings/"
                  "AzurePrivatePeering/connections/ams-lon: "
                  "properties.peerExpressRouteCircuitPeering.id: 'garbage'" + rest});
}

TEST(TerraformImport, StateMapsFieldByFieldIncludingChildModules)
{
    const auto r = ImportTerraform([](Json&) {});
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    EXPECT_TRUE(r.messages.empty()) << ::testing::PrintToString(Lines(r));
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    ASSERT_EQ(s.circuits.size(), 2u);
    EXPECT_EQ(s.circuits[0].bandwidthBps, 1000000000u) << "bandwidth_in_mbps 1000";
    ASSERT_EQ(s.circuits[0].peerings.size(), 1u) << "azurerm_express_route_circuit_peering";
    EXPECT_EQ(s.circuits[0].peerings[0].vlan, 100u);
    ASSERT_EQ(s.circuits[0].vnetLinks.size(), 1u);
    EXPECT_EQ(s.circuits[0].vnetLinks[0].weight, 10u) << "routing_weight 10";
    ASSERT_EQ(s.vnets.size(), 1u) << "the VNet of module.hub";
    EXPECT_EQ(s.vnets[0].region, "West Europe");
    EXPECT_EQ(s.globalReach.size(), 1u) << "azurerm_express_route_circuit_connection";
    const auto doc = Json::parse(r.scenarioJson);
    EXPECT_EQ(doc["vnets"][0]["gateway"]["sku"], "ErGw3Az") << "sku ErGw3AZ";
    EXPECT_EQ(doc["vnets"][0]["gateway"]["fastPath"], true) << "express_route_gateway_bypass";
    EXPECT_EQ(doc["circuits"][1]["tier"], "Premium");
}

TEST(TerraformImport, MessagesNameTheAddressAndAttribute)
{
    const auto r = ImportTerraform([](Json& s) {
        TerraformResource(s, "azurerm_express_route_circuit.lon")["values"]["sku"][0]["tier"] =
            "Basic";
        TerraformResource(s, "module.hub.azurerm_virtual_network_gateway_connection.ams")
            ["values"]["express_route_circuit_id"] =
                "/subscriptions/0/resourceGroups/x/providers/Microsoft.Network/"
                "expressRouteCircuits/contoso-nyc";
    });
    EXPECT_EQ(Lines(r),
              (std::vector<std::string>{
                  "warning: module.hub.azurerm_virtual_network_gateway_connection.ams: "
                  "express_route_circuit_id: circuit contoso-nyc is not in the state: link left "
                  "out",
                  "error: azurerm_express_route_circuit.lon: sku.tier: tier Basic is not an "
                  "ExpressRoute tier the simulator models (Local, Standard, Premium)"}));
}

TEST(ImportCommandLine, TerraformStateRunsForTwoSeconds)
{
    const TempDir dir("import");
    const auto out = dir.Path("tf.json");
    const auto imp = RunProgram("expressroute-import --terraform=" + kData +
                                "contoso-terraform-state.json --out=" + out);
    ASSERT_EQ(imp.exitCode, 0) << imp.output;
    const auto sim = RunProgram("expressroute-sim --scenario=" + out +
                                " --duration=2s --out=" + dir.Path("run"));
    ASSERT_EQ(sim.exitCode, 0) << sim.output;
    EXPECT_NE(ReadText(dir.Path("run") + "/probes.csv").find("onprem-london-to-hub-westeurope"),
              std::string::npos);
}

// Import, then one run answers "what if each of my peering locations failed" (issue 15).
TEST(ImportCommandLine, WhatIfLocationOutageFailsEachLocationInTurn)
{
    const TempDir dir("import");
    const auto out = dir.Path("what-if.json");
    const auto imp = RunProgram("expressroute-import --arm=" + kData +
                                "contoso-arm-export.json --what-if=location-outage --out=" + out);
    ASSERT_EQ(imp.exitCode, 0) << imp.output;
    const auto scenario = Json::parse(ReadText(out));
    ASSERT_EQ(scenario["failures"].size(), 2u);
    EXPECT_EQ(scenario["failures"][0]["target"], "Amsterdam");
    EXPECT_EQ(scenario["failures"][1]["target"], "London");
    EXPECT_EQ(scenario["failures"][1]["start"], "50s");
    EXPECT_EQ(scenario["simulation"]["duration"], "90s");
    const auto sim = RunProgram("expressroute-sim --scenario=" + out + " --engine=flow --out=" +
                                dir.Path("run"));
    ASSERT_EQ(sim.exitCode, 0) << sim.output;
    const auto summary = Json::parse(ReadText(dir.Path("run") + "/summary.json"));
    ASSERT_EQ(summary["failures"].size(), 2u);
    // London carries three VNets: each has no path until the location returns.
    const auto& london = summary["failures"][1];
    EXPECT_EQ(london["target"], "London");
    ASSERT_EQ(london["pairs"].size(), 3u) << london["headline"];
    for (const auto& p : london["pairs"])
    {
        EXPECT_EQ(p["no_path_until_cleared"], true) << p["answer"];
    }

    const auto circuit = RunProgram("expressroute-import --arm=" + kData +
                                    "contoso-arm-export.json --what-if=circuit-failure --out=" +
                                    dir.Path("circuit.json"));
    ASSERT_EQ(circuit.exitCode, 0) << circuit.output;
    const auto c = Json::parse(ReadText(dir.Path("circuit.json")));
    ASSERT_EQ(c["failures"].size(), 2u);
    EXPECT_EQ(c["failures"][0]["target"], "contoso-lon/primary") << "it links three VNets";
    EXPECT_EQ(c["failures"][1]["target"], "contoso-lon/secondary");

    const auto bad = RunProgram("expressroute-import --arm=" + kData +
                                "contoso-arm-export.json --what-if=region --out=" +
                                dir.Path("bad.json"));
    EXPECT_EQ(bad.exitCode, 2) << bad.output;
    EXPECT_NE(bad.output.find("--what-if=region: unknown; use one of location-outage, "
                              "circuit-failure"),
              std::string::npos)
        << bad.output;
    EXPECT_FALSE(std::filesystem::exists(dir.Path("bad.json")));
}

// azurerm's gateway has no scale units: an ErGwScale gateway from a state says what it assumed.
TEST(TerraformImport, ErGwScaleWithoutScaleUnitsIsAWarning)
{
    const auto r = ImportTerraform([](Json& s) {
        for (auto& m : s["values"]["root_module"]["child_modules"])
        {
            for (auto& res : m["resources"])
            {
                if (res["type"] == "azurerm_virtual_network_gateway")
                {
                    res["values"]["sku"] = "ErGwScale";
                }
            }
        }
    });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    const auto lines = Lines(r);
    ASSERT_EQ(lines.size(), 1u) << ::testing::PrintToString(lines);
    // The state's connection bypasses the gateway (FastPath): ErGwScale has it from 10 units.
    EXPECT_NE(lines[0].find("autoScaleConfiguration.bounds.min: ErGwScale gateway without its "
                            "minimum scale units: 10 are assumed, the fewest that have FastPath"),
              std::string::npos)
        << lines[0];
    const auto gateway = Json::parse(r.scenarioJson)["vnets"][0]["gateway"];
    EXPECT_EQ(gateway["sku"], "ErGwScale");
    EXPECT_EQ(gateway["fastPath"], true);
    EXPECT_EQ(gateway["scaleUnits"], 10);
}
