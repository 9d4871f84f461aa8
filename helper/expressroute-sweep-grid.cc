// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-grid.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <cstdio>
#include <filesystem>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepGrid");

namespace
{

/// One axis of the grid: the parameters that vary together, and how many values they take.
struct Axis
{
    std::vector<std::size_t> parameters;
    std::size_t length{0};
};

std::vector<Axis>
Axes(const SweepSpec& spec)
{
    std::vector<Axis> axes;
    std::vector<std::string> groups; // zip group of each axis ("" = a lone parameter)
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    {
        const auto& p = spec.parameters[i];
        std::size_t axis = axes.size();
        if (!p.zip.empty())
        {
            for (std::size_t a = 0; a < groups.size(); ++a)
            {
                if (groups[a] == p.zip)
                {
                    axis = a;
                }
            }
        }
        if (axis == axes.size())
        {
            axes.push_back(Axis{{}, p.values.size()});
            groups.push_back(p.zip);
        }
        NS_ASSERT_MSG(axes[axis].length == p.values.size(),
                      "zip group " << p.zip << " has lists of different lengths");
        axes[axis].parameters.push_back(i);
    }
    return axes;
}

} // namespace

uint64_t
CountPoints(const SweepSpec& spec)
{
    uint64_t n = 1;
    for (const auto& axis : Axes(spec))
    {
        n *= axis.length;
        if (n > (uint64_t{1} << 40))
        {
            return n; // absurd already; the caller refuses it
        }
    }
    return n;
}

std::vector<SweepPoint>
ExpandPoints(const SweepSpec& spec)
{
    const auto axes = Axes(spec);
    const uint64_t total = CountPoints(spec);
    std::vector<SweepPoint> points;
    points.reserve(total);
    std::vector<std::size_t> odometer(axes.size(), 0);
    for (uint64_t n = 0; n < total; ++n)
    {
        SweepPoint point;
        point.index = static_cast<uint32_t>(n);
        point.values.resize(spec.parameters.size());
        point.choice.resize(spec.parameters.size());
        for (std::size_t a = 0; a < axes.size(); ++a)
        {
            for (auto i : axes[a].parameters)
            {
                point.values[i] = spec.parameters[i].values[odometer[a]];
                point.choice[i] = static_cast<uint32_t>(odometer[a]);
            }
        }
        point.key = PointKey(spec, point.values);
        points.push_back(std::move(point));
        // The last axis varies fastest, as nested loops written in the spec's order would.
        for (std::size_t a = axes.size(); a-- > 0;)
        {
            if (++odometer[a] < axes[a].length)
            {
                break;
            }
            odometer[a] = 0;
        }
    }
    NS_LOG_DEBUG("points=" << points.size() << " axes=" << axes.size());
    return points;
}

std::vector<SweepRun>
ExpandRuns(const SweepSpec& spec, const std::vector<SweepPoint>& points)
{
    std::vector<SweepRun> runs;
    runs.reserve(points.size() * spec.runs);
    for (const auto& point : points)
    {
        for (uint32_t r = 1; r <= spec.runs; ++r)
        {
            runs.push_back(SweepRun{point.index, r, RunKey(spec, point.values, r)});
        }
    }
    return runs;
}

namespace
{

/// A flow list's "file" is relative to its scenario's file (doc/scenario.md); the runs read
/// theirs from inputs/, so a relative file is made absolute against @p dir (SweepSpec::dataDir).
void
AnchorDataFiles(ScenarioJson& scenario, const std::string& dir)
{
    auto traffic = scenario.find("traffic");
    if (dir.empty() || traffic == scenario.end() || !traffic->is_array())
    {
        return;
    }
    for (auto& t : *traffic)
    {
        auto file = t.is_object() ? t.find("file") : t.end();
        if (file != t.end() && file->is_string() && !file->get<std::string>().empty())
        {
            const std::filesystem::path p(file->get<std::string>());
            if (p.is_relative())
            {
                *file = (std::filesystem::path(dir) / p).lexically_normal().string();
            }
        }
    }
}

} // namespace

ScenarioJson
PointScenario(const SweepSpec& spec, const SweepPoint& point)
{
    ScenarioJson doc = spec.scenario;
    for (const auto& [pointer, value] : spec.set)
    {
        doc[ScenarioJson::json_pointer(pointer)] = value;
    }
    if (!spec.engine.empty())
    {
        doc["simulation"]["engine"] = spec.engine;
    }
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    {
        doc[ScenarioJson::json_pointer(spec.parameters[i].path)] = point.values[i];
    }
    AnchorDataFiles(doc, spec.dataDir);
    return doc;
}

std::string
StableHash(const std::string& text)
{
    uint64_t h = 14695981039346656037ULL; // FNV-1a 64-bit offset basis
    for (unsigned char c : text)
    {
        h ^= c;
        h *= 1099511628211ULL; // FNV-1a 64-bit prime
    }
    // MurmurHash3's fmix64 finaliser: FNV-1a alone leaves keys that differ only in their last
    // byte (run 1, run 2 ...) looking alike.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

std::string
CanonicalPoint(const SweepSpec& spec, const std::vector<ScenarioJson>& values)
{
    // nlohmann::json (not ordered_json) keeps object keys sorted: the canonical form.
    nlohmann::json j;
    j["parameters"] = nlohmann::json::object();
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    {
        j["parameters"][spec.parameters[i].path] = nlohmann::json::parse(values[i].dump());
    }
    return j.dump();
}

std::string
PointKey(const SweepSpec& spec, const std::vector<ScenarioJson>& values)
{
    return StableHash(CanonicalPoint(spec, values));
}

std::string
RunKey(const SweepSpec& spec, const std::vector<ScenarioJson>& values, uint32_t run)
{
    auto j = nlohmann::json::parse(CanonicalPoint(spec, values));
    j["run"] = run;
    return StableHash(j.dump());
}

std::string
DescribePoint(const SweepSpec& spec, const std::vector<ScenarioJson>& values)
{
    std::string out;
    for (std::size_t i = 0; i < spec.parameters.size() && i < values.size(); ++i)
    {
        out += (out.empty() ? "" : " ") + spec.parameters[i].column + "=" + values[i].dump();
    }
    return out;
}

} // namespace expressroute
} // namespace ns3
