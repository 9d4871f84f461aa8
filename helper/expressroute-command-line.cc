// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-command-line.h"

#include "expressroute-attribute-text.h"
#include "expressroute-scenario-diagnostics.h"

#include "ns3/command-line.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteCommandLine");

namespace
{

std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return text;
}

/// ns-3's --Print... arguments that take no value.
const char* const kNs3PrintFlags[] = {"PrintHelp", "PrintGlobals", "PrintGroups", "PrintTypeIds",
                                      "PrintVersion"};

/// True for the arguments ns3::CommandLine understands and this parser does not define.
bool
IsNs3Argument(const std::string& name)
{
    if (name.find("::") != std::string::npos || name == "PrintAttributes" ||
        name == "PrintGroup" ||
        std::find(std::begin(kNs3PrintFlags), std::end(kNs3PrintFlags), name) !=
            std::end(kNs3PrintFlags))
    {
        return true;
    }
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() == name)
        {
            return true;
        }
    }
    return false;
}

uint64_t
ParseUnsigned(const std::string& flag, const std::string& text, uint64_t max)
{
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || text[0] == '-' || text[0] == '+' ||
        v > max)
    {
        throw CommandLineError("--" + flag + "=" + text + ": expected a whole number from 0 to " +
                               std::to_string(max));
    }
    return v;
}

/// @p text wrapped at @p width columns (words are not split).
std::string
Wrap(const std::string& text, std::size_t width)
{
    std::istringstream words(text);
    std::string word;
    std::string out;
    std::size_t column = 0;
    while (words >> word)
    {
        if (column > 0 && column + 1 + word.size() > width)
        {
            out += "\n";
            column = 0;
        }
        else if (column > 0)
        {
            out += " ";
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out;
}

/// True when a registered TypeId is in group @p group.
bool
IsTypeIdGroup(const std::string& group)
{
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        if (TypeId::GetRegistered(i).GetGroupName() == group)
        {
            return true;
        }
    }
    return false;
}

/**
 * Checks an argument for ns3::CommandLine (--@p name[=@p value]) before ns-3 sees it: ns-3
 * aborts on a malformed number and on an unknown type. Throws CommandLineError.
 */
void
CheckNs3Argument(const std::string& name, const std::optional<std::string>& value)
{
    const std::string arg = "--" + name + (value ? "=" + *value : "");
    if (std::find(std::begin(kNs3PrintFlags), std::end(kNs3PrintFlags), name) !=
        std::end(kNs3PrintFlags))
    {
        return;
    }
    if (!value || value->empty())
    {
        throw CommandLineError(arg + ": needs a value (--" + name + "=VALUE)");
    }
    TypeId tid;
    if (name == "PrintAttributes" && !TypeId::LookupByNameFailSafe(*value, &tid))
    {
        throw CommandLineError(arg + ": unknown TypeId " + Quote(*value) +
                               " (--PrintTypeIds lists them)");
    }
    if (name == "PrintGroup" && !IsTypeIdGroup(*value))
    {
        throw CommandLineError(arg + ": unknown group " + Quote(*value) +
                               " (--PrintGroups lists them)");
    }
    const auto sep = name.rfind("::");
    if (sep != std::string::npos)
    {
        const std::string why = CheckAttributeDefault(name.substr(0, sep), name.substr(sep + 2), *value);
        if (!why.empty())
        {
            throw CommandLineError(arg + ": " + why);
        }
        return;
    }
    if (name == "RngRun" || name == "RngSeed")
    {
        ParseUnsigned(name, *value, name == "RngRun" ? UINT64_MAX : UINT32_MAX);
    }
    else if ((name == "SchedulerType" || name == "SimulatorImplementationType") &&
             !TypeId::LookupByNameFailSafe(*value, &tid))
    {
        throw CommandLineError(arg + ": unknown TypeId " + Quote(*value));
    }
    else if (name == "ChecksumEnabled" && !ParseBool(*value))
    {
        throw CommandLineError(arg + ": expected true or false");
    }
}

} // namespace

std::optional<bool>
ParseBool(const std::string& text)
{
    const std::string t = Lower(text);
    if (t == "true" || t == "1" || t == "yes" || t == "on")
    {
        return true;
    }
    if (t == "false" || t == "0" || t == "no" || t == "off")
    {
        return false;
    }
    return std::nullopt;
}

ProgramCommandLine::ProgramCommandLine(const std::string& file, const std::string& description)
    : m_description(description)
{
    const auto slash = file.find_last_of('/');
    m_name = slash == std::string::npos ? file : file.substr(slash + 1);
    if (m_name.size() > 3 && m_name.compare(m_name.size() - 3, 3, ".cc") == 0)
    {
        m_name.erase(m_name.size() - 3);
    }
}

ProgramCommandLine::Flag&
ProgramCommandLine::Add(const std::string& name, const std::string& help)
{
    NS_ASSERT_MSG(Find(name) == nullptr, "flag --" << name << " defined twice");
    m_flags.push_back(Flag{name, help, "VALUE", "", false, nullptr});
    return m_flags.back();
}

void
ProgramCommandLine::AddValue(const std::string& name, const std::string& help, std::string& value)
{
    Flag& f = Add(name, help);
    f.defaultText = value;
    f.set = [&value, name](const std::string& v) {
        if (v.empty())
        {
            // "--scenario=" ran the embedded default scenario; "--out=" the default directory.
            throw CommandLineError("--" + name + "=: the value is empty (leave --" + name +
                                   " out for its default)");
        }
        value = v;
    };
}

void
ProgramCommandLine::AddListValue(const std::string& name, const std::string& help, std::string& value)
{
    Flag& f = Add(name, help);
    f.defaultText = value;
    f.set = [&value](const std::string& v) { value = v; };
}

void
ProgramCommandLine::AddValue(const std::string& name, const std::string& help, bool& value)
{
    Flag& f = Add(name, help);
    f.metavar = "";
    f.isBool = true;
    f.defaultText = value ? "on" : "off";
    f.set = [&value, name](const std::string& v) {
        auto b = ParseBool(v);
        if (!b)
        {
            throw CommandLineError("--" + name + "=" + v +
                                   ": expected true or false (1/0, yes/no, on/off), or --" +
                                   name + " alone for true");
        }
        value = *b;
    };
}

void
ProgramCommandLine::AddValue(const std::string& name, const std::string& help, uint32_t& value)
{
    Flag& f = Add(name, help);
    f.metavar = "N";
    f.defaultText = std::to_string(value);
    f.set = [&value, name](const std::string& v) {
        value = static_cast<uint32_t>(ParseUnsigned(name, v, UINT32_MAX));
    };
}

void
ProgramCommandLine::AddValue(const std::string& name, const std::string& help, uint64_t& value)
{
    Flag& f = Add(name, help);
    f.metavar = "N";
    f.defaultText = std::to_string(value);
    f.set = [&value, name](const std::string& v) { value = ParseUnsigned(name, v, UINT64_MAX); };
}

void
ProgramCommandLine::AddValue(const std::string& name,
                             const std::string& help,
                             std::optional<uint64_t>& value)
{
    Flag& f = Add(name, help);
    f.metavar = "N";
    f.set = [&value, name](const std::string& v) { value = ParseUnsigned(name, v, UINT64_MAX); };
}

void
ProgramCommandLine::AddValue(const std::string& name, const std::string& help, int64_t& value)
{
    Flag& f = Add(name, help);
    f.metavar = "N";
    f.defaultText = std::to_string(value);
    f.set = [&value, name](const std::string& v) {
        char* end = nullptr;
        errno = 0;
        const long long n = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || errno != 0)
        {
            throw CommandLineError("--" + name + "=" + v + ": expected a whole number");
        }
        value = n;
    };
}

void
ProgramCommandLine::AddValue(const std::string& name, const std::string& help, double& value)
{
    Flag& f = Add(name, help);
    f.metavar = "X";
    std::ostringstream text;
    text << value;
    f.defaultText = text.str();
    f.set = [&value, name](const std::string& v) {
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0' || !std::isfinite(d))
        {
            throw CommandLineError("--" + name + "=" + v + ": expected a number");
        }
        value = d;
    };
}

void
ProgramCommandLine::SetMetavar(const std::string& name, const std::string& metavar)
{
    for (auto& f : m_flags)
    {
        if (f.name == name)
        {
            f.metavar = metavar;
            return;
        }
    }
    NS_ASSERT_MSG(false, "SetMetavar: no flag --" << name);
}

void
ProgramCommandLine::AddExample(const std::string& line)
{
    m_examples.push_back(line);
}

const ProgramCommandLine::Flag*
ProgramCommandLine::Find(const std::string& name) const
{
    for (const auto& f : m_flags)
    {
        if (f.name == name)
        {
            return &f;
        }
    }
    return nullptr;
}

std::vector<std::string>
ProgramCommandLine::FlagNames() const
{
    std::vector<std::string> names;
    for (const auto& f : m_flags)
    {
        names.push_back("--" + f.name);
    }
    names.emplace_back("--help");
    return names;
}

bool
ProgramCommandLine::Parse(const std::vector<std::string>& args)
{
    m_ns3Args.clear();
    for (std::size_t i = 0; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
        {
            // "-scenario=x" for "--scenario=x" is a slip worth naming.
            const std::string dashed = "-" + arg;
            const bool slip = arg.size() > 1 && arg[0] == '-' &&
                              Find(dashed.substr(2, dashed.find('=') - 2)) != nullptr;
            throw CommandLineError("unexpected argument " + Quote(arg) +
                                   (slip ? "; did you mean " + Quote(dashed) + "?" : "") +
                                   " (flags are --name=value or --name value; see --help)");
        }
        const auto eq = arg.find('=');
        const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        std::optional<std::string> value;
        if (eq != std::string::npos)
        {
            value = arg.substr(eq + 1);
        }
        if (name == "help" || name == "h")
        {
            return false;
        }
        const Flag* flag = Find(name);
        // ns-3's run number and seed are the program's --run and --seed where it has them: the
        // program sets ns-3's from those, so ns-3's own would be overridden unseen.
        const Flag* alias = name == "RngRun" ? Find("run") : name == "RngSeed" ? Find("seed") : nullptr;
        if (flag == nullptr && alias != nullptr)
        {
            if (!value)
            {
                throw CommandLineError("--" + name + " needs a value: --" + name + "=N (the same as --" +
                                       alias->name + ")");
            }
            const std::string given = "--" + name + "=" + *value;
            const std::string same = " (--" + name + " is the same as --" + alias->name + ")";
            try
            {
                alias->set(*value);
            }
            catch (const CommandLineError& e)
            {
                // "--run=abc: expected ..." as the user wrote it.
                const std::string what = e.what();
                const auto colon = what.find(": ");
                throw CommandLineError(given + (colon == std::string::npos ? ": " + what : what.substr(colon)) +
                                       same);
            }
            if (*value == "0")
            {
                throw CommandLineError(given + ": must be 1 or more" + same);
            }
            continue;
        }
        if (flag == nullptr)
        {
            if (IsNs3Argument(name))
            {
                CheckNs3Argument(name, value);
                m_ns3Args.push_back(arg);
                continue;
            }
            throw CommandLineError("unknown flag --" + name + DidYouMean("--" + name, FlagNames()) +
                                   " (see --help)");
        }
        const bool hasNext = i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0;
        if (!value && hasNext && (!flag->isBool || ParseBool(args[i + 1])))
        {
            value = args[++i];
        }
        if (!value)
        {
            if (!flag->isBool)
            {
                throw CommandLineError("--" + name + " needs a value: --" + name + "=" +
                                       flag->metavar + " or --" + name + " " + flag->metavar);
            }
            value = "true";
        }
        flag->set(*value);
    }
    return true;
}

void
ProgramCommandLine::Parse(int argc, char* argv[])
{
    std::vector<std::string> args(argv + 1, argv + argc);
    try
    {
        if (!Parse(args))
        {
            std::cout << Help();
            std::exit(0);
        }
    }
    catch (const CommandLineError& e)
    {
        std::cerr << "error: " << e.what() << "\n";
        std::exit(kCommandLineUsage);
    }
    if (!m_ns3Args.empty())
    {
        std::vector<std::string> ns3Args{m_name};
        ns3Args.insert(ns3Args.end(), m_ns3Args.begin(), m_ns3Args.end());
        std::vector<char*> ptrs;
        for (auto& a : ns3Args)
        {
            ptrs.push_back(a.data());
        }
        CommandLine cmd(m_name);
        cmd.Parse(static_cast<int>(ptrs.size()), ptrs.data());
    }
}

std::string
ProgramCommandLine::Help() const
{
    std::ostringstream out;
    out << "Usage: " << m_name << " [options]\n\n" << Wrap(m_description, 90) << "\n\nOptions:\n";
    std::vector<std::string> left;
    std::size_t width = 0;
    for (const auto& f : m_flags)
    {
        left.push_back("--" + f.name + (f.isBool ? "" : "=" + f.metavar));
        width = std::max(width, left.back().size());
    }
    width = std::max<std::size_t>(width, 6);
    for (std::size_t i = 0; i < m_flags.size(); ++i)
    {
        const Flag& f = m_flags[i];
        out << "  " << left[i] << std::string(width - left[i].size() + 2, ' ') << f.help;
        if (!f.defaultText.empty())
        {
            out << " (default: " << f.defaultText << ")";
        }
        out << "\n";
    }
    out << "  --help" << std::string(width - 6 + 2, ' ') << "this text\n\n"
        << "Flags take --name=value or --name value; on/off flags take --name alone, or\n"
        << "--name=true|false (also 1|0, yes|no). ns-3's own arguments also work:\n"
        << "--PrintHelp, --PrintAttributes=TYPEID, --ns3::Type::Attribute=VALUE, --RngRun=N\n"
        << "(the same as --run, where the program has it).\n";
    if (!m_examples.empty())
    {
        out << "\nExamples:\n";
        for (const auto& e : m_examples)
        {
            out << "  " << e << "\n";
        }
    }
    return out.str();
}

} // namespace expressroute
} // namespace ns3
