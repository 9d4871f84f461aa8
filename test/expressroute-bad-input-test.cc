// SPDX-License-Identifier: GPL-2.0-only
// Bad input found by the input audit: each value the scenario loader used to let through to a
// crash (a null Ptr, an ns-3 abort) is now refused with the JSON path that holds it. The
// scenarios are the shipped examples with one value changed.

#include "expressroute-scenario-test-util.h"
#include "expressroute-test-paths.h"

#include <nlohmann/json.hpp>

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

/// examples/scenarios/@p name as JSON.
nlohmann::ordered_json
Example(const std::string& name)
{
    std::ifstream in(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::ordered_json::parse(text.str());
}

/// The errors of loading example @p name with the value at JSON pointer @p pointer replaced.
std::vector<ScenarioError>
ErrorsWith(const std::string& name, const std::string& pointer, const nlohmann::ordered_json& value)
{
    auto doc = Example(name);
    doc[nlohmann::ordered_json::json_pointer(pointer)] = value;
    return TextErrors(doc.dump());
}

TEST(BadInput, AnEmptyNameInAReferenceListIsRefusedWhereItIs)
{
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/globalReach/0/circuits/0", ""),
                          {{"/globalReach/0/circuits/0", {"a name must be 1 to 100 characters"}}}));
    EXPECT_TRUE(ErrorsAre(ErrorsWith("chicago-dallas-wan.json", "/siteLinks/0/sites/1", ""),
                          {{"/siteLinks/0/sites/1", {"a name must be 1 to 100 characters"}}}));
}

// A name's length is counted in characters: 100 of "é" (200 bytes of UTF-8) is a name.
TEST(BadInput, ANamesLengthIsCountedInCharacters)
{
    std::string name;
    for (int i = 0; i < 100; ++i)
    {
        name += "\xc3\xa9";
    }
    EXPECT_TRUE(ErrorsWith("default.json", "/name", name).empty());
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/name", name + "e"),
                          {{"/name", {"a name must be 1 to 100 characters"}}}));
}

// A duration past ns-3's clock was called malformed.
TEST(BadInput, ADurationPastTheClockIsTooLargeNotMalformed)
{
    for (const char* text : {"1000000000h", "99999999999999999999s", "2562048h"})
    {
        EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/simulation/duration", text),
                              {{"/simulation/duration",
                                {std::string("too large: '") + text + "' is past ns-3's clock"}}}))
            << text;
    }
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/simulation/duration", "12x"),
                          {{"/simulation/duration", {"malformed duration"}}}));
}

/// The errors of default.json with one failure @p failure (JSON text) and nothing else failing.
std::vector<ScenarioError>
FailureErrors(const std::string& failure)
{
    auto doc = Example("default.json");
    doc["failures"] = nlohmann::ordered_json::array({nlohmann::ordered_json::parse(failure)});
    return TextErrors(doc.dump());
}

// A duration on a kind that happens at an instant was silently ignored.
TEST(BadInput, ADurationOnAnInstantaneousKindIsRefused)
{
    EXPECT_TRUE(ErrorsAre(
        FailureErrors(R"({"kind": "BgpSessionReset", "target": "contoso-ams/primary/AzurePrivate", "start": "1s", "duration": "5s"})"),
        {{"/failures/0/duration", {"BgpSessionReset happens at an instant: a duration would do nothing"}}}));
    EXPECT_TRUE(FailureErrors(R"({"kind": "BgpSessionReset", "target": "contoso-ams/primary/AzurePrivate", "start": "1s"})").empty());
    EXPECT_TRUE(ErrorsAre(
        FailureErrors(R"({"kind": "CircuitProvisioning", "target": "contoso-ams", "start": "1s", "duration": "5s", "state": "Provisioned"})"),
        {{"/failures/0/duration", {"CircuitProvisioning happens at an instant"}}}));
}

TEST(BadInput, FailureAttributesOfTheWrongFormAreRefusedNotAborted)
{
    const std::string plb = R"({"kind": "PrefixLimitBreach", "target": "contoso-ams", "start": "1s", )";
    for (const char* v : {R"("abc")", "1.5", "1e300", "true", R"("NaN")", "-3"})
    {
        EXPECT_TRUE(ErrorsAre(FailureErrors(plb + R"("prefixes": )" + v + "}"),
                              {{"/failures/0/prefixes",
                                {"must be a whole number from 1 to 16384, got"}}}))
            << v;
    }
    EXPECT_TRUE(ErrorsAre(FailureErrors(plb + R"("prefixes": 20000})"),
                          {{"/failures/0/prefixes", {"from 1 to 16384, got 20000"}}}));
    const std::string drain =
        R"({"kind": "MaintenanceDrain", "target": "contoso-ams/primary", "start": "1s", "prepend": )";
    EXPECT_TRUE(ErrorsAre(FailureErrors(drain + "1.5}"),
                          {{"/failures/0/prepend", {"must be a whole number from 1 to 16, got 1.5"}}}));
    EXPECT_TRUE(ErrorsAre(FailureErrors(R"({"kind": "GatewayInstanceFailure", "target": "hub-westeurope", "start": "1s", "instance": "x"})"),
                          {{"/failures/0/instance", {"must be a whole number from 0 to 63"}}}));
    const std::string degr =
        R"({"kind": "Degradation", "target": "contoso-ams/primary", "start": "1s", )";
    for (const char* v : {R"("NaN")", "true", R"("0x1")", "2"})
    {
        EXPECT_TRUE(ErrorsAre(FailureErrors(degr + R"("lossRate": )" + v + "}"),
                              {{"/failures/0/lossRate", {"must be a number from 0 to 1, got"}}}))
            << v;
    }
    for (const char* v : {R"("abc")", "5", R"("1e300s")", R"("-5ms")"})
    {
        EXPECT_TRUE(ErrorsAre(FailureErrors(degr + R"("addedDelay": )" + v + "}"),
                              {{"/failures/0/addedDelay", {"must be a duration of zero or more, such as \"5ms\""}}}))
            << v;
    }
    // The well-formed values still load.
    EXPECT_TRUE(FailureErrors(degr + R"("lossRate": 0.02, "addedDelay": "5ms"})").empty());
    EXPECT_TRUE(FailureErrors(plb + R"("prefixes": "4001"})").empty());
}

TEST(BadInput, SeedsNs3RefusesAreRefusedWithTheRange)
{
    EXPECT_TRUE(ErrorsWith("default.json", "/simulation/seed", 4294944442U).empty());
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/simulation/seed", 4294944443U),
                          {{"/simulation/seed", {"4294944442"}}}));
}

TEST(BadInput, AnEmptyFlowListFileIsRefusedAtItsKey)
{
    EXPECT_TRUE(ErrorsAre(ErrorsWith("flow-list-replay.json", "/traffic/0/file", ""),
                          {{"/traffic/0/file", {"must name the flow list's CSV file"}}}));
}

TEST(BadInput, IntervalsBelowTheirMinimumAreRefused)
{
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/probes/0/interval", "500ns"),
                          {{"/probes/0/interval", {"must be at least 1us", "got 500ns"}}}));
    EXPECT_TRUE(ErrorsWith("default.json", "/probes/0/interval", "1us").empty());
    EXPECT_TRUE(
        ErrorsAre(ErrorsWith("default.json", "/simulation/linkMetricsInterval", "999us"),
                  {{"/simulation/linkMetricsInterval", {"must be at least 1ms", "got 999us"}}}));
    EXPECT_TRUE(ErrorsWith("default.json", "/simulation/linkMetricsInterval", "1ms").empty());
}

TEST(BadInput, ANameThatWouldLeaveRunsIsRefused)
{
    for (const char* name : {"../../escaped", "a/b", ".hidden", ".."})
    {
        EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/name", name),
                              {{"/name", {"must not contain '/' or start with '.'"}}}))
            << name;
    }
    EXPECT_TRUE(ErrorsWith("default.json", "/name", "a..b").empty());
}

// At packet level a sender's gap between packets rounded to 0 ns: simulated time stood still
// and the run ignored Ctrl-C and SIGTERM.
TEST(BadInput, ASenderFasterThanAnyPortIsRefused)
{
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/traffic/0/rate", "99999Gbps"),
                          {{"/traffic/0/rate",
                            {"must be at most 400Gbps (the fastest Ethernet port), got 99999Gbps"}}}));
    EXPECT_TRUE(ErrorsWith("default.json", "/traffic/0/rate", "400Gbps").empty());
}

// The rate changes every period / 96: below 96 ns the step was 0 and the run stood still.
TEST(BadInput, ADiurnalPeriodBelowOneSecondIsRefused)
{
    nlohmann::ordered_json diurnal{{"period", "1ns"}};
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/traffic/0/diurnal", diurnal),
                          {{"/traffic/0/diurnal/period",
                            {"must be at least 1s (the rate changes 96 times a period), got 1ns"}}}));
    diurnal["period"] = "1s";
    EXPECT_TRUE(ErrorsWith("default.json", "/traffic/0/diurnal", diurnal).empty());
}

// A '/' in a site's or circuit's name loaded, and then its CE routers or links could not be
// named as failure targets.
TEST(BadInput, SiteAndCircuitNamesWithASlashAreRefused)
{
    auto doc = Example("default.json");
    for (auto& c : doc["circuits"])
    {
        if (c["site"] == "frankfurt-hq")
        {
            c["site"] = "fra/hq";
        }
    }
    for (auto& t : doc["traffic"])
    {
        for (const char* end : {"from", "to"})
        {
            if (t[end] == "frankfurt-hq")
            {
                t[end] = "fra/hq";
            }
        }
    }
    for (auto& p : doc["probes"])
    {
        if (p["site"] == "frankfurt-hq")
        {
            p["site"] = "fra/hq";
        }
    }
    doc["sites"][0]["name"] = "fra/hq";
    doc["circuits"][0]["name"] = "ams/x";
    doc["globalReach"][0]["circuits"][0] = "ams/x";
    EXPECT_TRUE(ErrorsAre(TextErrors(doc.dump()),
                          {{"/sites/0/name", {"a site's name must not contain '/'", "\"<site>/ce1\""}},
                           {"/circuits/0/name",
                            {"a circuit's name must not contain '/'", "\"<circuit>/primary\""}}}));
}

// The follow-on error named the first circuit's primary location, which the two do not share.
TEST(BadInput, GlobalReachBetweenCircuitsSharingALocationNamesThatLocation)
{
    EXPECT_TRUE(ErrorsAre(ErrorsWith("default.json", "/circuits/0/secondaryPeeringLocation", "London"),
                          {{"/circuits/0/secondaryPeeringLocation", {"ExpressRoute Metro"}},
                           {"/globalReach/0/circuits",
                            {"'contoso-ams' and 'contoso-lon' are both at London"}}}));
}

} // namespace
} // namespace test
} // namespace expressroute
} // namespace ns3
