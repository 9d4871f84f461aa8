// SPDX-License-Identifier: GPL-2.0-only
// expressroute-import beyond ExpressRoute circuits: site-to-site VPN (VPN gateways, IPsec
// connections, local network gateways), az CLI list output, ExpressRoute Direct ports and Metro
// circuits. Each fixture imports, loads and runs; each bad case gets its message.
#include "expressroute-azure-import.h"
#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-loader.h"

#include "expressroute-import-test-util.h"
#include "expressroute-temp-dir.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>
#include <sys/wait.h>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

using Json = nlohmann::json;
using ns3::expressroute::test::TempDir;
using namespace ns3::expressroute::test;
const std::string& kData = kImportData;

/// Imports the ARM fixture after @p edit changed it.
ImportResult
ImportArm(const std::function<void(Json&)>& edit)
{
    return ImportEditedArm(edit, "", "");
}

/// The ARM fixture's resource whose name is "[parameters('PARAMETER')]".
Json&
ArmResource(Json& arm, const std::string& parameter)
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

void
EraseArmResource(Json& arm, const std::string& parameter)
{
    auto& res = arm["resources"];
    for (auto it = res.begin(); it != res.end(); ++it)
    {
        if ((*it)["name"] == "[parameters('" + parameter + "')]")
        {
            res.erase(it);
            return;
        }
    }
    throw std::runtime_error("no resource " + parameter);
}

const std::vector<std::string> kAzFiles = {"express-route-list.json",
                                           "express-route-peering-list-contoso-lon.json",
                                           "vnet-gateway-list.json",
                                           "vpn-connection-list.json",
                                           "local-gateway-list.json",
                                           "vnet-list.json"};

/// Imports the az CLI fixture after @p edit changed its files (file name -> array).
ImportResult
ImportAz(const std::function<void(std::map<std::string, Json>&)>& edit)
{
    std::map<std::string, Json> docs;
    for (const auto& f : kAzFiles)
    {
        docs[f] = Json::parse(ReadText(kData + "contoso-az/" + f));
    }
    edit(docs);
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : kAzFiles)
    {
        files.emplace_back(f, docs[f].dump());
    }
    std::vector<ImportMessage> messages;
    const auto estate = ReadAzCliOutput(files, messages);
    return BuildScenarioFromEstate(estate, "contoso", "", "", Places(), messages);
}

/// Imports the Metro / ExpressRoute Direct Terraform fixture after @p edit changed it.
ImportResult
ImportFabrikam(const std::function<void(Json&)>& edit)
{
    Json state = Json::parse(ReadText(kData + "fabrikam-metro-direct-terraform-state.json"));
    edit(state);
    std::vector<ImportMessage> messages;
    const auto estate = ReadTerraformState(state.dump(), "state.json", messages);
    return BuildScenarioFromEstate(estate, "fabrikam", "", "", Places(), messages);
}

bool
Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// Rows of probes.csv (time_s,probe,site,vnet,seq,success,...) of @p probe, and how many succeeded.
std::pair<int, int>
ProbeRows(const std::string& csv, const std::string& probe)
{
    std::istringstream in(csv);
    std::string line;
    int rows = 0;
    int ok = 0;
    while (std::getline(in, line))
    {
        std::vector<std::string> cols;
        std::stringstream cells(line);
        for (std::string c; std::getline(cells, c, ',');)
        {
            cols.push_back(c);
        }
        if (cols.size() > 5 && cols[1] == probe)
        {
            ++rows;
            ok += cols[5] == "1";
        }
    }
    return {rows, ok};
}

} // namespace

TEST(VpnImport, ZoneRedundantSkuIsModelledAsItsThroughput)
{
    const auto r = ImportArm([](Json& a) {
        ArmResource(a, "virtualNetworkGateways_hub_weu_vpngw_name")["properties"]["sku"]["name"] =
            "VpnGw2AZ";
    });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    const auto doc = Json::parse(r.scenarioJson);
    EXPECT_EQ(doc["vpnConnections"][0]["sku"], "VpnGw2");
    EXPECT_TRUE(Contains(doc["description"].get<std::string>(),
                         "VPN gateway hub-weu-vpngw VpnGw2AZ modelled as VpnGw2"))
        << doc["description"];
}

TEST(VpnImport, BasicVpnSkuIsAnError)
{
    const auto r = ImportArm([](Json& a) {
        ArmResource(a, "virtualNetworkGateways_hub_weu_vpngw_name")["properties"]["sku"]["name"] =
            "Basic";
    });
    ASSERT_TRUE(r.HasErrors());
    EXPECT_EQ(Lines(r)[0],
              "error: Microsoft.Network/virtualNetworkGateways/hub-weu-vpngw: properties.sku.name: "
              "VPN gateway SKU Basic is not a VPN gateway SKU the simulator models (VpnGw1-VpnGw5, "
              "VpnGw1AZ-VpnGw5AZ; Basic cannot coexist with ExpressRoute)");
}

TEST(VpnImport, LocalGatewayNotInTheExportIsReported)
{
    const auto r = ImportArm(
        [](Json& a) { EraseArmResource(a, "localNetworkGateways_frankfurt_hq_lng_name"); });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    EXPECT_EQ(Lines(r),
              std::vector<std::string>{
                  "warning: Microsoft.Network/connections/hub-to-frankfurt-vpn: "
                  "properties.localNetworkGateway2.id: local network gateway frankfurt-hq-lng is "
                  "not in the export: VPN connection left out"});
    EXPECT_FALSE(Json::parse(r.scenarioJson).contains("vpnConnections"));
}

TEST(VpnImport, VpnGatewayWithoutExpressRouteGatewayIsLeftOutWithReasons)
{
    const auto r = ImportArm([](Json& a) {
        Json vnet = ArmResource(a, "virtualNetworks_hub_westeurope_name");
        vnet["name"] = "branch-westeurope";
        vnet["properties"]["addressSpace"]["addressPrefixes"] = {"10.9.0.0/16"};
        a["resources"].push_back(vnet);
        ArmResource(a, "virtualNetworkGateways_hub_weu_vpngw_name")["properties"]
                   ["ipConfigurations"][0]["properties"]["subnet"]["id"] =
                       "[resourceId('Microsoft.Network/virtualNetworks/subnets', "
                       "'branch-westeurope', 'GatewaySubnet')]";
    });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    EXPECT_EQ(Lines(r),
              (std::vector<std::string>{
                  "warning: Microsoft.Network/virtualNetworks/branch-westeurope: no ExpressRoute "
                  "gateway in the export: the VNet is not reachable over ExpressRoute and is left "
                  "out",
                  "warning: Microsoft.Network/virtualNetworkGateways/hub-weu-vpngw: "
                  "properties.ipConfigurations[].properties.subnet.id: VNet branch-westeurope has "
                  "no imported ExpressRoute gateway; the simulator models a VPN gateway only "
                  "beside one: VPN gateway left out",
                  "warning: Microsoft.Network/connections/hub-to-frankfurt-vpn: "
                  "properties.virtualNetworkGateway1.id: VPN gateway hub-weu-vpngw is not "
                  "imported: VPN connection left out",
                  "warning: Microsoft.Network/localNetworkGateways/frankfurt-hq-lng: local network "
                  "gateway with no imported IPsec connection: left out"}));
}

TEST(AzCliImport, SameEstateAsTheArmExportFieldByField)
{
    const auto az = ImportAz([](auto&) {});
    ASSERT_FALSE(az.HasErrors()) << ::testing::PrintToString(Lines(az));
    EXPECT_TRUE(az.messages.empty()) << ::testing::PrintToString(Lines(az));
    const auto arm = ImportArm([](Json&) {});
    ASSERT_FALSE(arm.HasErrors());
    const auto a = Json::parse(az.scenarioJson);
    const auto b = Json::parse(arm.scenarioJson);
    for (const char* key :
         {"sites", "providers", "circuits", "vnets", "globalReach", "vpnConnections", "probes"})
    {
        EXPECT_EQ(a[key], b[key]) << key << " differs from the ARM export's";
    }
    const Scenario s = LoadScenarioString(az.scenarioJson, "imported", Places());
    ASSERT_EQ(s.circuits.size(), 2u);
    EXPECT_EQ(s.circuits[1].name, "contoso-lon");
    EXPECT_EQ(s.circuits[1].bandwidthBps, 500000000u) << "serviceProviderProperties";
    ASSERT_EQ(s.circuits[1].peerings.size(), 2u)
        << "nested in express-route list and again in peering list: read once";
    EXPECT_EQ(s.circuits[1].peerings[1].vlan, 300u);
    EXPECT_EQ(s.circuits[1].peerings[1].peerAsn, 65010u) << "peerAsn, as az writes it";
    EXPECT_EQ(s.circuits[0].vnetLinks[0].weight, 10u) << "routingWeight";
    EXPECT_EQ(s.vnets[2].region, "East US") << "location eastus";
    EXPECT_EQ(a["vnets"][1]["gateway"]["sku"], "ErGw1Az") << "sku.name ErGw1AZ";
    EXPECT_EQ(a["circuits"][1]["tier"], "Premium");
    EXPECT_EQ(s.globalReach.size(), 1u) << "the connection nested in contoso-ams's peering";
    ASSERT_EQ(s.vpnConnections.size(), 1u);
    EXPECT_EQ(s.vpnConnections[0].site, "onprem-frankfurt-hq-lng");
}

TEST(AzCliImport, MessagesNameFieldsAsAzWritesThem)
{
    const auto r = ImportAz([](std::map<std::string, Json>& d) {
        d["express-route-list.json"][0]["peerings"][0].erase("vlanId");
        d["vnet-gateway-list.json"][3]["sku"]["name"] = "Basic";
    });
    EXPECT_EQ(Lines(r),
              (std::vector<std::string>{
                  "error: Microsoft.Network/expressRouteCircuits/contoso-ams/peerings/"
                  "AzurePrivatePeering: vlanId: required field is missing",
                  "error: Microsoft.Network/virtualNetworkGateways/hub-weu-vpngw: sku.name: VPN "
                  "gateway SKU Basic is not a VPN gateway SKU the simulator models (VpnGw1-VpnGw5, "
                  "VpnGw1AZ-VpnGw5AZ; Basic cannot coexist with ExpressRoute)",
                  "warning: Microsoft.Network/connections/hub-to-frankfurt-vpn: "
                  "virtualNetworkGateway1.id: VPN gateway hub-weu-vpngw is not imported: VPN "
                  "connection left out",
                  "warning: Microsoft.Network/localNetworkGateways/frankfurt-hq-lng: local network "
                  "gateway with no imported IPsec connection: left out"}));
}

// `az network express-route peering show` as Microsoft's how-to prints it has no "type" (older
// SDK models had none): its id says what it is.
TEST(AzCliImport, APeeringWithoutTypeIsKnownByItsId)
{
    const auto r = ImportAz([](std::map<std::string, Json>& d) {
        for (auto& p : d["express-route-peering-list-contoso-lon.json"])
        {
            p.erase("type");
            p["vlanId"] = p["peeringType"] == "AzurePrivatePeering" ? 150 : 350;
        }
        for (auto& c : d["express-route-list.json"])
        {
            if (c["name"] == "contoso-lon")
            {
                c["peerings"] = Json::array(); // known from the peering list alone
            }
        }
    });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    ASSERT_EQ(s.circuits[1].name, "contoso-lon");
    ASSERT_EQ(s.circuits[1].peerings.size(), 2u);
    EXPECT_EQ(s.circuits[1].peerings[0].vlan, 150u);
    EXPECT_EQ(s.circuits[1].peerings[1].vlan, 350u);
    EXPECT_EQ(s.circuits[1].peerings[1].peerAsn, 65010u);
}

TEST(AzCliImport, ObjectsWithoutTypeAreNotAzOutput)
{
    std::vector<ImportMessage> messages;
    ReadAzCliOutput({{"a.json", R"([{"name": "x"}])"},
                     {"b.json", "{"},
                     {"c.json", "3"},
                     {"d.json", R"({"resources": []})"}},
                    messages);
    ASSERT_EQ(messages.size(), 4u);
    EXPECT_EQ(messages[3].ToString(),
              "error: d.json: not az CLI output but an ARM template export: read it with --arm");
    EXPECT_EQ(messages[1].ToString(),
              "error: a.json: /0: type: expected an Azure resource object with \"type\" and "
              "\"id\" (az CLI list output)");
    EXPECT_EQ(messages[0].ToString(),
              "error: b.json:1:2: syntax error: while parsing object key - unexpected end of "
              "input; expected string literal");
    EXPECT_EQ(messages[2].ToString(),
              "error: c.json: not az CLI output: expected the array a `list` command prints");
}

TEST(DirectPortImport, ArmCircuitOnAPortTakesItsLocation)
{
    auto onPort = [](Json& a, bool withPort) {
        Json& c = ArmResource(a, "expressRouteCircuits_contoso_ams_name");
        c["properties"].erase("serviceProviderProperties");
        c["properties"]["expressRoutePort"]["id"] =
            "[resourceId('Microsoft.Network/expressRoutePorts', 'ams-port')]";
        c["properties"]["bandwidthInGbps"] = 10;
        if (withPort)
        {
            a["resources"].push_back(Json::parse(R"({
                "type": "Microsoft.Network/expressRoutePorts", "name": "ams-port",
                "location": "westeurope", "properties": {"peeringLocation": "Amsterdam",
                "bandwidthInGbps": 10, "encapsulation": "Dot1Q"}})"));
        }
    };
    const auto r = ImportArm([&](Json& a) { onPort(a, true); });
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    EXPECT_EQ(s.circuits[0].peeringLocation, "Amsterdam") << "the port's peeringLocation";
    EXPECT_EQ(s.circuits[0].bandwidthBps, 10000000000u) << "bandwidthInGbps 10";
    ASSERT_NE(s.FindProvider("direct"), nullptr);
    EXPECT_EQ(Json::parse(r.scenarioJson)["providers"][0]["kind"], "Direct");

    const auto bad = ImportArm([&](Json& a) { onPort(a, false); });
    EXPECT_EQ(Lines(bad),
              std::vector<std::string>{
                  "error: Microsoft.Network/expressRouteCircuits/contoso-ams: "
                  "properties.expressRoutePort.id: ExpressRoute Direct port ams-port is not in "
                  "the export: no peering location for the circuit"});
}

TEST(MetroDirectImport, TerraformStateMapsFieldByField)
{
    const auto r = ImportFabrikam([](Json&) {});
    ASSERT_FALSE(r.HasErrors()) << ::testing::PrintToString(Lines(r));
    EXPECT_TRUE(r.messages.empty()) << ::testing::PrintToString(Lines(r));
    const Scenario s = LoadScenarioString(r.scenarioJson, "imported", Places());
    ASSERT_EQ(s.circuits.size(), 2u);
    const auto& direct = s.circuits[0];
    EXPECT_EQ(direct.name, "fabrikam-direct");
    EXPECT_EQ(direct.provider, "direct");
    EXPECT_EQ(direct.peeringLocation, "Amsterdam") << "azurerm_express_route_port.peering_location";
    EXPECT_EQ(direct.bandwidthBps, 5000000000u) << "bandwidth_in_gbps 5 of the 10 Gbps port";
    EXPECT_FALSE(direct.secondaryPeeringLocation.has_value());
    const auto& metro = s.circuits[1];
    EXPECT_EQ(metro.peeringLocation, "Amsterdam") << "peering_location Amsterdam Metro";
    ASSERT_TRUE(metro.secondaryPeeringLocation.has_value());
    EXPECT_EQ(*metro.secondaryPeeringLocation, "Amsterdam2");
    EXPECT_EQ(metro.provider, "equinix");
    ASSERT_EQ(s.sites.size(), 2u) << "onprem-amsterdam and the local network gateway's";
    EXPECT_EQ(s.sites[0].asn, 65030u);
    EXPECT_EQ(s.sites[1].name, "onprem-rotterdam-branch");
    EXPECT_EQ(s.sites[1].asn, 65040u) << "bgp_settings.asn";
    ASSERT_EQ(s.vpnConnections.size(), 1u);
    EXPECT_EQ(s.vpnConnections[0].vnet, "fabrikam-hub");
    const auto doc = Json::parse(r.scenarioJson);
    EXPECT_EQ(doc["vpnConnections"][0]["sku"], "VpnGw2") << "sku VpnGw2AZ";
    EXPECT_EQ(doc["providers"][0], Json::parse(R"({"name": "direct", "kind": "Direct",
        "layer": "Layer2"})"));
    EXPECT_EQ(doc["vnets"][0]["gateway"]["fastPath"], true);
    EXPECT_EQ(s.circuits[0].vnetLinks[0].weight, 20u);
    EXPECT_TRUE(Contains(doc["description"].get<std::string>(),
                         "Metro circuit fabrikam-metro at Amsterdam Metro: primary link at "
                         "Amsterdam, secondary at Amsterdam2"))
        << doc["description"];
}

TEST(MetroDirectImport, BadPortAndMetroAreErrorsNamingBoth)
{
    const auto r = ImportFabrikam([](Json& s) {
        auto& root = s["values"]["root_module"]["resources"];
        root.erase(root.begin()); // azurerm_express_route_port.ams
        root[1]["values"]["peering_location"] = "Atlantis Metro";
    });
    EXPECT_EQ(Lines(r),
              (std::vector<std::string>{
                  "error: azurerm_express_route_circuit.direct: express_route_port_id: "
                  "ExpressRoute Direct port fabrikam-ams-port is not in the state: no peering "
                  "location for the circuit",
                  "error: azurerm_express_route_circuit.metro: peering_location: unknown peering "
                  "location Atlantis Metro (not in data/peering_locations.csv)"}));
}

TEST(ImportCommandLine, AzCliDirectoryRunsForTwoSeconds)
{
    const TempDir dir("import");
    const auto out = dir.Path("az.json");
    const auto imp = RunProgram("expressroute-import --az=" + kData + "contoso-az --sites=" +
                                kData + "contoso-sites.json --out=" + out);
    ASSERT_EQ(imp.exitCode, 0) << imp.output;
    EXPECT_EQ(Json::parse(ReadText(out))["name"], "contoso-az") << "the directory's name";
    const auto sim = RunProgram("expressroute-sim --scenario=" + out + " --duration=2s --out=" +
                                dir.Path("run"));
    ASSERT_EQ(sim.exitCode, 0) << sim.output;
    const std::string probes = ReadText(dir.Path("run") + "/probes.csv");
    const auto [rows, ok] = ProbeRows(probes, "frankfurt-hq-to-dr-eastus");
    EXPECT_GE(rows, 2) << "1 s probes over 2 s";
    EXPECT_EQ(ok, rows) << probes;
}

TEST(ImportCommandLine, MetroDirectStateRunsForTwoSeconds)
{
    const TempDir dir("import");
    const auto out = dir.Path("fabrikam.json");
    const auto imp = RunProgram("expressroute-import --terraform=" + kData +
                                "fabrikam-metro-direct-terraform-state.json --out=" + out);
    ASSERT_EQ(imp.exitCode, 0) << imp.output;
    const auto sim = RunProgram("expressroute-sim --scenario=" + out + " --duration=2s --out=" +
                                dir.Path("run"));
    ASSERT_EQ(sim.exitCode, 0) << sim.output;
    const std::string probes = ReadText(dir.Path("run") + "/probes.csv");
    const auto [rows, ok] = ProbeRows(probes, "onprem-rotterdam-branch-to-fabrikam-hub");
    EXPECT_GE(rows, 2) << "1 s probes over 2 s";
    EXPECT_EQ(ok, rows) << "the VPN-only site reaches the hub over its tunnel: " << probes;
    const auto [metroRows, metroOk] = ProbeRows(probes, "onprem-amsterdam-to-fabrikam-hub");
    EXPECT_GE(metroRows, 2);
    EXPECT_EQ(metroOk, metroRows) << "over the Direct and Metro circuits";
}

TEST(ImportSources, AChildPeeringThatDiffersFromTheCircuitsIsCheckedAndReported)
{
    // The export has contoso-ams's private peering inside the circuit and as a child resource.
    // Before, the child's copy was dropped unread: a vlanId "abc" there passed in silence.
    const auto r = ImportArm([](Json& arm) {
        for (auto& res : arm["resources"])
        {
            if (res["type"] == "Microsoft.Network/expressRouteCircuits/peerings")
            {
                res["properties"]["vlanId"] = 300;
                res["properties"]["peerASN"] = "abc";
            }
        }
    });
    const auto lines = Lines(r);
    const std::string peering =
        "Microsoft.Network/expressRouteCircuits/contoso-ams/peerings/AzurePrivatePeering";
    EXPECT_NE(std::find(lines.begin(), lines.end(),
                        "error: " + peering + ": properties.peerASN: expected a non-negative integer"),
              lines.end())
        << ::testing::PrintToString(lines);
    EXPECT_NE(std::find(lines.begin(), lines.end(),
                        "warning: " + peering +
                            ": properties.vlanId: differs from the same peering inside circuit "
                            "contoso-ams (100 there, 300 here): the circuit's copy is used"),
              lines.end())
        << ::testing::PrintToString(lines);
}

TEST(ImportSources, ALocalNetworkGatewaysBadAsnIsAnErrorInTerraformAsInArm)
{
    // Before: -1, 1e300 or "abc" gave the site the default ASN 65001 without a word.
    for (const Json& asn : {Json(-1), Json(1e300), Json("abc")})
    {
        const auto r = ImportFabrikam([&asn](Json& s) {
            for (auto& res : s["values"]["root_module"]["resources"])
            {
                if (res["address"] == "azurerm_local_network_gateway.branch")
                {
                    res["values"]["bgp_settings"][0]["asn"] = asn;
                }
            }
        });
        EXPECT_TRUE(r.HasErrors()) << asn.dump();
        const auto lines = Lines(r);
        EXPECT_NE(std::find(lines.begin(), lines.end(),
                            "error: azurerm_local_network_gateway.branch: bgp_settings.asn: "
                            "expected a non-negative integer"),
                  lines.end())
            << asn.dump() << ": " << ::testing::PrintToString(lines);
    }
}

TEST(ImportSources, SitesFileMistakesAreErrorsNotIgnored)
{
    const std::string good = ReadText(kData + "contoso-sites.json");
    Json circuits42 = Json::parse(good);
    circuits42["sites"][0]["circuits"] = 42;
    circuits42["sites"][0]["localNetworkGateways"] = Json::array({"x"});
    Json noPrefix = Json::parse(good);
    noPrefix["sites"][0]["prefixes"] = Json::array();
    const std::vector<std::pair<std::string, std::string>> cases{
        {circuits42.dump(), "error: sites.json: /sites/0/circuits: expected an array, got integer"},
        {noPrefix.dump(), "error: sites.json: /sites/0/prefixes: lists no prefix"},
        {" \n", "error: sites.json: the file is empty"},
        {R"({"sites": [{"asn": 1e400}]})",
         "error: sites.json:1:24: syntax error: number overflow parsing '1e400'"}};
    for (const auto& [text, expected] : cases)
    {
        const auto r = ImportEditedArm([](Json&) {}, text, "sites.json");
        EXPECT_TRUE(r.HasErrors()) << expected;
        const auto lines = Lines(r);
        EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&expected](const std::string& l) {
            return l.rfind(expected, 0) == 0;
        })) << expected << ": " << ::testing::PrintToString(lines);
    }
}

TEST(ImportSources, SitesFileUnknownKeysAreErrorsWithASuggestion)
{
    // Before: a site's "locaton" was ignored and the site placed at its first circuit's peering
    // location (Amsterdam for frankfurt-hq), exit 0; an unknown top-level key was ignored too.
    Json typo = Json::parse(ReadText(kData + "contoso-sites.json"));
    typo["sites"][0].erase("location");
    typo["sites"][0]["locaton"] = "Amsterdam";
    typo["site"] = Json::array();
    const auto r = ImportEditedArm([](Json&) {}, typo.dump(), "sites.json");
    EXPECT_EQ(Lines(r),
              (std::vector<std::string>{
                  "error: sites.json: /site: unknown key; did you mean 'sites'?",
                  "error: sites.json: /sites/0/locaton: unknown key; did you mean 'location'?"}))
        << "in document order (nlohmann::json writes keys sorted)";
    EXPECT_TRUE(r.scenarioJson.empty());
}

TEST(ImportSources, SitesFileBadNameIsBlamedOnTheSitesFile)
{
    // Before: "ARM template export ...: the loader refuses /probes/2/site" among five errors
    // blaming the export, the circuits and the VPN connection for the sites file's "".
    for (const auto& [name, expected] :
         std::vector<std::pair<Json, std::string>>{
             {Json(""),
              "error: sites.json: /sites/0/name: a name must be 1 to 100 characters without "
              "control characters, got ''"},
             {Json(7), "error: sites.json: /sites/0/name: expected a string, got integer"}})
    {
        Json sites = Json::parse(ReadText(kData + "contoso-sites.json"));
        sites["sites"][0]["name"] = name;
        const auto r = ImportEditedArm([](Json&) {}, sites.dump(), "sites.json");
        EXPECT_EQ(Lines(r), std::vector<std::string>{expected}) << name.dump();
    }
}
