// SPDX-License-Identifier: GPL-2.0-only
// The scenario loader: JSON structure (unknown keys, types, missing keys, syntax errors with
// line and column), units, the filled structs, ScenarioToJson, the shipped scenarios, and
// robustness against hostile documents. ExpressRoute's rules are in the rules test.

#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario-test-util.h"
#include "expressroute-test-paths.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ns3
{
namespace expressroute
{
namespace test
{
namespace
{

std::string
ReadText(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The JSON files of a directory, sorted.
std::vector<std::string>
JsonFiles(const std::string& dir)
{
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
    {
        if (entry.path().extension() == ".json")
        {
            out.push_back(entry.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(ScenarioLoader, DefaultScenarioLoads)
{
    const Scenario s = LoadScenarioString(DefaultScenarioJson(), "default", TestGeography());
    EXPECT_EQ(s.name, "contoso-europe");
    EXPECT_EQ(s.circuits.size(), 2u);
    EXPECT_EQ(s.sourceFile, "");
}

TEST(ScenarioLoader, ShippedExampleScenariosLoad)
{
    const auto files = JsonFiles(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios");
    ASSERT_FALSE(files.empty());
    for (const auto& f : files)
    {
        EXPECT_TRUE(ErrorsAre(FileErrors(f), {})) << f;
    }
}

TEST(ScenarioLoader, ValidTestScenariosLoad)
{
    for (const auto& f : JsonFiles(ScenarioFile("valid")))
    {
        EXPECT_TRUE(ErrorsAre(FileErrors(f), {})) << f;
    }
}

TEST(ScenarioLoader, InvalidTestScenariosFail)
{
    for (const auto& f : JsonFiles(ScenarioFile("invalid")))
    {
        EXPECT_FALSE(FileErrors(f).empty()) << f << " should fail to load";
    }
}

TEST(ScenarioLoader, FillsTheStructsFromTheFile)
{
    const Scenario s = LoadScenarioString(DefaultScenarioJson(), "default", TestGeography());
    const SiteSpec* fra = s.FindSite("frankfurt-hq");
    ASSERT_NE(fra, nullptr);
    EXPECT_EQ(fra->path, "/sites/0");
    EXPECT_EQ(fra->nearPeeringLocation, "Frankfurt");
    EXPECT_DOUBLE_EQ(fra->latitude,
                     TestGeography()->FindPeeringLocation("Frankfurt")->GetLatitude());
    EXPECT_EQ(fra->asn, 65010u);
    EXPECT_EQ(fra->hosts, 2u);
    EXPECT_FALSE(fra->ceRouters.has_value()) << "unset optional fields stay unset";
    const CircuitSpec* ams = s.FindCircuit("contoso-ams");
    ASSERT_NE(ams, nullptr);
    EXPECT_EQ(ams->bandwidthBps, 1000000000u);
    EXPECT_EQ(ams->tier, CircuitTier::Standard);
    EXPECT_FALSE(ams->provisioningState.has_value());
    ASSERT_EQ(ams->peerings.size(), 1u);
    EXPECT_EQ(ams->peerings[0].primarySubnet.ToString(), "192.168.100.0/30");
    EXPECT_EQ(ams->peerings[0].secondarySubnet.ToString(), "192.168.100.4/30");
    EXPECT_EQ(ams->vnetLinks[1].path, "/circuits/0/vnetLinks/1");
    EXPECT_EQ(ams->vnetLinks[1].weight, 0u);
    EXPECT_EQ(s.FindVnet("hub-westeurope")->gateway.sku, ErGatewaySku::ErGw2Az);
    EXPECT_EQ(s.traffic[2].kind, TrafficKind::Bulk);
    EXPECT_EQ(s.traffic[2].bytes, 20000000u);
    EXPECT_EQ(s.traffic[2].start, Seconds(3));
    EXPECT_EQ(s.simulation.duration, Seconds(20));
    EXPECT_EQ(s.FindProvider("nobody"), nullptr);
}

TEST(ScenarioLoader, ProviderLayerDefaultsByKind)
{
    std::string text = ReadText(ScenarioFile("valid/minimal.json"));
    const std::string from = R"({"name": "equinix", "kind": "CloudExchange"})";
    text.replace(text.find(from), from.size(), R"({"name": "equinix", "kind": "AnyToAnyIpvpn"})");
    const Scenario s = LoadScenarioString(text, "ipvpn", TestGeography());
    EXPECT_EQ(s.providers[0].layer, ProviderLayer::Layer3) << "an IPVPN is managed L3";
    const Scenario d = LoadScenarioString(DefaultScenarioJson(), "default", TestGeography());
    EXPECT_EQ(d.providers[0].layer, ProviderLayer::Layer2);
}

TEST(ScenarioLoader, LoadScenarioFileRecordsTheSource)
{
    const std::string file = ScenarioFile("valid/minimal.json");
    EXPECT_EQ(LoadScenarioFile(file, TestGeography()).sourceFile, file);
}

TEST(ScenarioLoader, MissingFileIsReported)
{
    const auto errors = FileErrors(ScenarioFile("no-such-file.json"));
    EXPECT_TRUE(ErrorsAre(errors, {{"", {"cannot open"}}}));
    EXPECT_TRUE(ErrorsAre(FileErrors(ScenarioFile("valid")), {{"", {"is a directory"}}}));
}

// Rule 12: unknown keys, wrong types, missing keys.

TEST(ScenarioLoader, UnknownKeySuggestsTheClosestKey)
{
    const auto errors = FileErrors(ScenarioFile("invalid/unknown-key.json"));
    EXPECT_TRUE(ErrorsAre(errors,
                          {{"/circuits/0/bandwith", {"unknown key; did you mean 'bandwidth'?"}},
                           {"/circuits/0/bandwidth", {"required key is missing"}}}));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].message, "unknown key; did you mean 'bandwidth'?");
}

TEST(ScenarioLoader, UnknownKeyWithoutCloseMatchListsTheKeys)
{
    std::string text = ReadText(ScenarioFile("valid/minimal.json"));
    text.replace(text.find("\"asn\""), 5, "\"zzzzzzzz\": 1, \"asn\"");
    EXPECT_TRUE(
        ErrorsAre(TextErrors(text),
                  {{"/sites/0/zzzzzzzz", {"unknown key; expected one of name, location"}}}));
}

TEST(ScenarioLoader, WrongTypesNameThePathAndTheExpectedType)
{
    EXPECT_TRUE(FailsWith("invalid/wrong-types.json",
                          {{"/sites/0/asn", {"expected an integer, got string"}},
                           {"/sites/0/hosts", {"must be an integer from 1 to 64, got 1.5"}},
                           {"/circuits/0/peerings/0/vlan", {"expected an integer, got array"}},
                           {"/vnets/0/gateway", {"expected an object", "got string"}}}));
}

TEST(ScenarioLoader, MissingRequiredKeysNameThePath)
{
    EXPECT_TRUE(FailsWith("invalid/missing-keys.json",
                          {{"/sites/0/asn", {"required key is missing"}},
                           {"/circuits/0/tier", {"required key is missing"}},
                           {"/vnets/0/gateway", {"required key is missing"}}}));
}

TEST(ScenarioLoader, ScenarioNeedsASiteACircuitAndAVnet)
{
    EXPECT_TRUE(ErrorsAre(TextErrors(R"({"name": "x", "sites": [], "circuits": []})"),
                          {{"/sites", {"must not be empty"}},
                           {"/circuits", {"must not be empty"}},
                           {"/vnets", {"required key is missing"}}}));
}

TEST(ScenarioLoader, DuplicateJsonKeysAreRefused)
{
    std::string text = ReadText(ScenarioFile("valid/minimal.json"));
    text.replace(text.find("\"asn\""), 5, "\"asn\": 65001, \"asn\"");
    EXPECT_TRUE(ErrorsAre(TextErrors(text), {{"/sites/0/asn", {"duplicate key"}}}));
}

TEST(ScenarioLoader, FieldChecksNameTheFieldAndTheReason)
{
    struct Case
    {
        std::string pointer;
        nlohmann::json value;
        Expected error;
    };

    const nlohmann::json bulkWithRate = {
        {{"name", "t"}, {"from", "ams-dc"}, {"to", "hub"}, {"kind", "Bulk"}, {"rate", "1Mbps"}}};
    const nlohmann::json stopBeforeStart = {{{"name", "t"},
                                             {"from", "ams-dc"},
                                             {"to", "hub"},
                                             {"kind", "ConstantRate"},
                                             {"rate", "1Mbps"},
                                             {"start", "2s"},
                                             {"stop", "1s"}}};
    const nlohmann::json basicVpn = {
        {{"name", "v"}, {"site", "ams-dc"}, {"vnet", "hub"}, {"sku", "Basic"}}};
    const std::vector<Case> cases{
        {"/sites/0/asn", 65515, {"/sites/0/asn", {"ASN 65515 is reserved by Microsoft"}}},
        {"/sites/0/coordinates",
         {{"latitude", 52.0}, {"longitude", 4.9}},
         {"/sites/0/coordinates", {"either location", "or coordinates, not both"}}},
        {"/circuits/0/bandwidth",
         "40Gbps",
         {"/circuits/0/bandwidth", {"40Gbps is not offered on provider circuits"}}},
        {"/providers/0",
         {{"name", "equinix"}, {"kind", "Direct"}, {"layer", "Layer3"}},
         {"/providers/0/layer", {"ExpressRoute Direct is Layer2"}}},
        {"/circuits/0/tier",
         "Premum",
         {"/circuits/0/tier", {"unknown circuit tier 'Premum'", "did you mean 'Premium'?"}}},
        {"/circuits/0/peerings/0/vlan",
         0,
         {"/circuits/0/peerings/0/vlan", {"must be an integer from 1 to 4094, got 0"}}},
        {"/circuits/0/peerings/0/subnet",
         "192.168.100.0/28",
         {"/circuits/0/peerings/0/subnet", {"must be a /29, got 192.168.100.0/28"}}},
        {"/circuits/0/peerings/0/subnet",
         "192.168.100.1/29",
         {"/circuits/0/peerings/0/subnet", {"host bits are set"}}},
        {"/vnets/0/gateway/scaleUnits",
         2,
         {"/vnets/0/gateway/scaleUnits", {"applies to the ErGwScale gateway only"}}},
        {"/probes/0/interval", "0s", {"/probes/0/interval", {"must be greater than zero"}}},
        {"/probes/0/interval",
         "1 s",
         {"/probes/0/interval", {"malformed duration '1 s'", "units: ns, us, ms, s, min, h"}}},
        {"/traffic", bulkWithRate, {"/traffic/0/rate", {"ConstantRate (UDP) traffic only"}}},
        {"/traffic", stopBeforeStart, {"/traffic/0/stop", {"stop (1s) must be after start (2s)"}}},
        {"/vpnConnections",
         basicVpn,
         {"/vpnConnections/0/sku", {"Basic VPN gateway cannot coexist"}}},
    };
    const auto minimal = nlohmann::json::parse(ReadText(ScenarioFile("valid/minimal.json")));
    for (const auto& c : cases)
    {
        nlohmann::json doc = minimal;
        doc[nlohmann::json::json_pointer(c.pointer)] = c.value;
        EXPECT_TRUE(ErrorsAre(TextErrors(doc.dump()), {c.error})) << c.pointer << " = " << c.value;
    }
}

// Rule 13: malformed JSON reports line and column.

TEST(ScenarioLoader, SyntaxErrorReportsLineAndColumn)
{
    const std::string file = ScenarioFile("invalid/syntax-error.json");
    try
    {
        LoadScenarioFile(file, TestGeography());
        FAIL() << "syntax-error.json should not load";
    }
    catch (const ScenarioLoadError& e)
    {
        ASSERT_EQ(e.GetErrors().size(), 1u);
        EXPECT_EQ(e.GetErrors()[0].line, 5);
        // The parser stops after the string "prefixes" that should have been preceded by ','.
        const std::string line5 =
            R"(    {"name": "ams-dc", "location": "Amsterdam", "asn": 65020 "prefixes")";
        EXPECT_EQ(e.GetErrors()[0].column, static_cast<int>(line5.size()));
        EXPECT_EQ(std::string(e.what()).rfind(
                      file + ":5:" + std::to_string(line5.size()) + ": syntax error: ", 0),
                  0u)
            << e.what();
    }
}

TEST(ScenarioLoader, SyntaxErrorPositionsCountLinesAndColumns)
{
    struct Case
    {
        std::string text;
        int line;
        int column;
    };

    const std::vector<Case> cases{{"", 1, 1},
                                  {"{", 1, 2},
                                  {"{\n  \"name\": tru\n}", 2, 14},
                                  {"{\"a\": 1,\n\n   }", 3, 4},
                                  {"{} x", 1, 4},
                                  {"[1e999]", 1, 6}};
    for (const auto& c : cases)
    {
        const auto errors = TextErrors(c.text);
        ASSERT_EQ(errors.size(), 1u) << Describe(errors);
        EXPECT_EQ(errors[0].line, c.line) << c.text << Describe(errors);
        EXPECT_EQ(errors[0].column, c.column) << c.text << Describe(errors);
        EXPECT_EQ(errors[0].message.rfind("syntax error: ", 0), 0u) << errors[0].message;
    }
}

TEST(ScenarioLoader, ErrorsAreCollectedAndListedInDocumentOrder)
{
    std::string text = ReadText(ScenarioFile("valid/minimal.json"));
    text.replace(text.find("\"West Europe\""), 13, "\"Mars\"");
    text.replace(text.find("\"1Gbps\""), 7, "\"1Gbit\"");
    text.replace(text.find("65020"), 5, "12076");
    try
    {
        LoadScenarioString(text, "ordered.json", TestGeography());
        FAIL() << "should not load";
    }
    catch (const ScenarioLoadError& e)
    {
        EXPECT_TRUE(ErrorsAre(e.GetErrors(),
                              {{"/sites/0/asn", {"ASN 12076 is reserved by Microsoft"}},
                               {"/circuits/0/bandwidth", {"malformed rate '1Gbit'"}},
                               {"/vnets/0/region", {"unknown region 'Mars'"}}}));
        const std::string what = e.what();
        EXPECT_EQ(what.substr(0, what.find('\n')),
                  "ordered.json: /sites/0/asn: " + e.GetErrors()[0].message);
        EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 2) << "one error per line";
        EXPECT_EQ(e.GetSource(), "ordered.json");
    }
}

// Units.

TEST(ScenarioUnits, DurationsParseInEveryUnit)
{
    EXPECT_EQ(ParseDuration("30s"), Seconds(30));
    EXPECT_EQ(ParseDuration("250ms"), MilliSeconds(250));
    EXPECT_EQ(ParseDuration("1.5s"), MilliSeconds(1500));
    EXPECT_EQ(ParseDuration("2min"), Seconds(120));
    EXPECT_EQ(ParseDuration("100us"), MicroSeconds(100));
    EXPECT_EQ(ParseDuration("1h"), Seconds(3600));
    EXPECT_EQ(ParseDuration("7ns"), NanoSeconds(7));
    EXPECT_EQ(ParseDuration("0s"), Seconds(0));
}

TEST(ScenarioUnits, MalformedDurationsAreRefused)
{
    for (const char* text : {"",
                             "s",
                             "30",
                             "30 s",
                             "-1s",
                             "+1s",
                             "1.s",
                             ".5s",
                             "1e3ms",
                             "30S",
                             "30sec",
                             "0.5ns",
                             "99999999999999999999h",
                             "1.5.5s",
                             "１s"})
    {
        EXPECT_FALSE(ParseDuration(text).has_value()) << text;
    }
}

TEST(ScenarioUnits, RatesParseInDecimalUnits)
{
    EXPECT_EQ(ParseRate("50Mbps"), 50000000u);
    EXPECT_EQ(ParseRate("1Gbps"), 1000000000u);
    EXPECT_EQ(ParseRate("10Gbps"), 10000000000u);
    EXPECT_EQ(ParseRate("64kbps"), 64000u);
    EXPECT_EQ(ParseRate("1000bps"), 1000u);
    EXPECT_EQ(ParseRate("1.5Gbps"), 1500000000u);
    for (const char* text : {"64Kbps",
                             "1gbps",
                             "1 Gbps",
                             "1GBps",
                             "Gbps",
                             "1.0000000001bps",
                             "99999999999Gbps",
                             "-1Mbps"})
    {
        EXPECT_FALSE(ParseRate(text).has_value()) << text;
    }
}

TEST(ScenarioUnits, RateUnitTypoSuggestsTheUnit)
{
    std::string text = ReadText(ScenarioFile("valid/minimal.json"));
    text.replace(text.find("\"1Gbps\""), 7, "\"1gbps\"");
    EXPECT_TRUE(
        ErrorsAre(TextErrors(text),
                  {{"/circuits/0/bandwidth",
                    {"malformed rate '1gbps'", "bps, kbps, Mbps, Gbps", "did you mean 'Gbps'?"}}}));
}

TEST(ScenarioUnits, FormatDurationUsesTheCoarsestExactUnit)
{
    EXPECT_EQ(FormatDuration(Seconds(30)), "30s");
    EXPECT_EQ(FormatDuration(MilliSeconds(250)), "250ms");
    EXPECT_EQ(FormatDuration(MilliSeconds(1500)), "1500ms");
    EXPECT_EQ(FormatDuration(MicroSeconds(7)), "7us");
    EXPECT_EQ(FormatDuration(NanoSeconds(7)), "7ns");
    EXPECT_EQ(FormatDuration(Seconds(0)), "0s");
}

TEST(ScenarioDiagnostics, DidYouMeanIgnoresCaseAndNeedsAPlausibleTypo)
{
    EXPECT_EQ(EditDistance("bandwith", "bandwidth"), 1u);
    EXPECT_EQ(EditDistance("AMSTERDAM", "Amsterdam"), 0u);
    EXPECT_EQ(ClosestName("Premum", CircuitTierNames()), "Premium");
    EXPECT_EQ(ClosestName("xyz", CircuitTierNames()), "");
    EXPECT_EQ(DidYouMean("Standart", CircuitTierNames()), "; did you mean 'Standard'?");
}

// ScenarioToJson.

TEST(ScenarioToJson, RoundTripsThroughTheLoader)
{
    const Scenario s = LoadScenarioString(DefaultScenarioJson(), "default", TestGeography());
    const std::string once = ScenarioToJson(s);
    const Scenario again = LoadScenarioString(once, "resolved", TestGeography());
    EXPECT_EQ(ScenarioToJson(again), once);
    EXPECT_NE(once.find("\"bandwidth\": \"500Mbps\""), std::string::npos) << once;
    EXPECT_NE(once.find("\"start\": \"3s\""), std::string::npos) << once;
    EXPECT_NE(once.find("\"primarySubnet\": \"192.168.100.8/30\""), std::string::npos) << once;
    EXPECT_LT(once.find("\"circuits\""), once.find("\"name\"")) << "keys are sorted";
}

// Robustness: hostile documents produce errors, never a crash or another exception.

TEST(ScenarioLoader, NastyDocumentsNeverCrash)
{
    const std::string minimal = ReadText(ScenarioFile("valid/minimal.json"));
    std::vector<std::string> docs{
        "",
        " ",
        "null",
        "0",
        "-1",
        "\"text\"",
        "[]",
        "[{}]",
        "true",
        "{}",
        "{\"name\": null}",
        "{\"name\": \"\"}",
        "{\"name\": \"x\", \"sites\": {}, \"circuits\": \"c\", \"vnets\": 5}",
        "{\"name\": \"x\", \"sites\": [1, null, [], \"s\"], \"circuits\": [true], \"vnets\": [{}]}",
        "{\"name\": \"x\", \"sites\": [{\"name\": 1, \"location\": [], \"asn\": -5, \"prefixes\": "
        "[1, \"a\", \"10.0.0.1/8\", \"300.1.1.1/8\", \"1.2.3.4/33\", \"1.2.3.0/-1\"]}]}",
        "{\"name\": \"x\", \"sites\": [{\"name\": \"s\", \"coordinates\": {\"latitude\": 1e308, "
        "\"longitude\": -1e308}, \"asn\": 18446744073709551616, \"prefixes\": []}]}",
        "{\"name\": \"x\", \"sites\": [{\"asn\": 99999999999999999999999999999999}]}",
        "{\"name\": \"x\", \"sites\": [{\"asn\": 1.0e400}]}",
        "{\"name\": \"x\", \"simulation\": {\"duration\": \"99999999999999999999h\", \"seed\": 0, "
        "\"run\": -1, \"infrastructurePrefix\": 7}}",
        "{\"name\": \"x\", \"simulation\": []}",
        "{\"name\": \"x\", \"circuits\": [{\"peerings\": [{\"type\": 5, \"subnet\": [], \"vlan\": "
        "99999}], \"vnetLinks\": [5, {\"vnet\": [], \"weight\": -1}]}]}",
        "{\"name\": \"x\", \"circuits\": [{\"peerings\": {}, \"vnetLinks\": \"v\", \"bandwidth\": "
        "\"0Gbps\", \"tier\": \"\"}]}",
        "{\"name\": \"x\", \"globalReach\": [{\"circuits\": [1, 2, 3]}, {\"circuits\": [\"a\", "
        "\"a\"]}, {\"circuits\": \"a\"}, 7]}",
        "{\"name\": \"x\", \"traffic\": [{\"kind\": \"Bulk\", \"rate\": \"1Gbps\", \"stop\": "
        "\"0s\"}, "
        "{\"kind\": \"ConstantRate\", \"packetSize\": 1e9, \"start\": \"-1s\"}]}",
        "{\"name\": \"x\", \"probes\": [{\"interval\": \"0s\"}], \"vpnConnections\": [{\"sku\": "
        "\"Basic\"}]}",
        "{\"name\": \"\\u0000\\u0001\\n\", \"description\": 5}",
        "{\"name\": \"x\", \"\": 1, \"a/b~c\": 2}",
        "{\"name\": \"x\"} {\"name\": \"y\"}",
        "{\"name\": \"\xff\xfe\"}",
        "{\"name\": \"x\", \"sites\": [" + std::string(200, '[') + std::string(200, ']') + "]}",
        std::string(100000, '['),
        std::string(100000, '{'),
        "{\"name\": \"x\", \"sites\": [{\"name\": \"" + std::string(100000, 'a') + "\"}]}",
        "{\"name\": \"x\", \"vnets\": [{\"gateway\": {\"sku\": \"ErGwScale\", \"scaleUnits\": 0, "
        "\"fastPath\": \"yes\"}}]}",
        minimal.substr(0, minimal.size() / 2),
        minimal + ",",
        "\xEF\xBB\xBF" + minimal,
    };
    for (const auto& doc : docs)
    {
        try
        {
            LoadScenarioString(doc, "nasty", TestGeography());
        }
        catch (const ScenarioLoadError& e)
        {
            EXPECT_FALSE(e.GetErrors().empty());
            EXPECT_NE(std::string(e.what()), "");
            continue;
        }
        catch (const std::exception& e)
        {
            ADD_FAILURE() << "unexpected exception " << e.what() << " for: " << doc.substr(0, 200);
            continue;
        }
        // A UTF-8 byte order mark is valid JSON input for nlohmann: loading is acceptable.
        EXPECT_EQ(doc.rfind("\xEF\xBB\xBF", 0), 0u) << "should not load: " << doc.substr(0, 200);
    }
}

/// JSON pointers of every value below the root of @p j.
void
CollectPointers(const nlohmann::json& j, const std::string& path, std::vector<std::string>& out)
{
    if (j.is_object())
    {
        for (const auto& [key, value] : j.items())
        {
            out.push_back(path + "/" + key);
            CollectPointers(value, path + "/" + key, out);
        }
    }
    else if (j.is_array())
    {
        for (std::size_t i = 0; i < j.size(); ++i)
        {
            out.push_back(path + "/" + std::to_string(i));
            CollectPointers(j[i], path + "/" + std::to_string(i), out);
        }
    }
}

TEST(ScenarioLoader, EveryFieldSurvivesValuesOfTheWrongType)
{
    const auto original = nlohmann::json::parse(DefaultScenarioJson());
    std::vector<std::string> pointers;
    CollectPointers(original, "", pointers);
    const std::vector<nlohmann::json> replacements{42,
                                                   -1,
                                                   1.5,
                                                   1e300,
                                                   "x",
                                                   "",
                                                   nullptr,
                                                   true,
                                                   nlohmann::json::array(),
                                                   nlohmann::json::object(),
                                                   nlohmann::json::array({1, "a", nullptr})};
    std::size_t refused = 0;
    for (const auto& pointer : pointers)
    {
        for (const auto& r : replacements)
        {
            nlohmann::json doc = original;
            doc[nlohmann::json::json_pointer(pointer)] = r;
            try
            {
                LoadScenarioString(doc.dump(), "mutated", TestGeography());
            }
            catch (const ScenarioLoadError& e)
            {
                ++refused;
                EXPECT_FALSE(e.GetErrors().empty());
            }
            catch (const std::exception& e)
            {
                ADD_FAILURE() << "unexpected exception " << e.what() << " at " << pointer << " = "
                              << r.dump();
            }
        }
    }
    EXPECT_GT(refused, pointers.size() * 8) << "most mutations must be refused";
}

} // namespace
} // namespace test
} // namespace expressroute
} // namespace ns3
