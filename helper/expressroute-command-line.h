// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_COMMAND_LINE_H
#define EXPRESSROUTE_COMMAND_LINE_H

// The command line of the module's programs and examples. It keeps ns3::CommandLine's shape
// (AddValue, then Parse(argc, argv)) and adds what users tripped over:
//  - flags in both forms, "--scenario=FILE" and "--scenario FILE";
//  - booleans as "--pcap", "--pcap=true|1|yes", "--pcap=false|0|no";
//  - an unknown flag gets one line with a did-you-mean, not the whole help;
//  - --help shows the real defaults ("unset" is std::optional, explained by the help text,
//    never a -1), and every program has a description;
//  - ns-3's own arguments (--PrintAttributes=..., --ns3::Type::Attribute=..., global values such
//    as --RngRun) still go to ns3::CommandLine.
// Bad command lines exit with status 2, --help with 0.

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// A bad command line; what() names the flag and what is wrong.
class CommandLineError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

/// Exit status of a program given a bad command line.
constexpr int kCommandLineUsage = 2;

/**
 * Flags of one program. Values are written into the variables passed to AddValue only when the
 * flag is given; their initial values are the defaults shown by --help.
 */
class ProgramCommandLine
{
  public:
    /// @p file is the program's source (__FILE__): its base name without ".cc" is the name.
    ProgramCommandLine(const std::string& file, const std::string& description);

    /// A string flag; an empty default is described by @p help alone.
    void AddValue(const std::string& name, const std::string& help, std::string& value);
    /// A comma-separated list whose empty value, "--name=", means none (a string flag refuses
    /// an empty value; here it is the way to turn the list's default off).
    void AddListValue(const std::string& name, const std::string& help, std::string& value);
    /// A boolean flag: --name, --name=true|1|yes|on, --name=false|0|no|off.
    void AddValue(const std::string& name, const std::string& help, bool& value);
    /// Whole-number flags (range-checked by type; negative numbers refused for unsigned).
    void AddValue(const std::string& name, const std::string& help, uint32_t& value);
    void AddValue(const std::string& name, const std::string& help, uint64_t& value);
    void AddValue(const std::string& name, const std::string& help, int64_t& value);
    void AddValue(const std::string& name, const std::string& help, double& value);
    /// A number with no default of its own (the help text says what "unset" means).
    void AddValue(const std::string& name, const std::string& help, std::optional<uint64_t>& value);

    /// The placeholder shown in the help for flag @p name (e.g. FILE, DIR, DURATION).
    void SetMetavar(const std::string& name, const std::string& metavar);
    /// A usage example printed at the end of --help.
    void AddExample(const std::string& line);

    /**
     * Parses argv[1..]: prints the help and exits 0 for --help, prints the error and exits 2 for
     * a bad command line. ns-3's own arguments are handed to ns3::CommandLine.
     */
    void Parse(int argc, char* argv[]);

    /**
     * Parses @p args (argv[1..]) without exiting. Returns false when --help was asked for.
     * Throws CommandLineError. ns-3's own arguments are collected in GetNs3Arguments().
     */
    bool Parse(const std::vector<std::string>& args);

    /// The arguments meant for ns3::CommandLine (--ns3::..., --Print..., global values).
    const std::vector<std::string>& GetNs3Arguments() const { return m_ns3Args; }

    /// The --help text.
    std::string Help() const;

    /// The program's name.
    const std::string& GetName() const { return m_name; }

  private:
    struct Flag
    {
        std::string name;
        std::string help;
        std::string metavar;    ///< "" for a boolean
        std::string defaultText; ///< shown as "(default: ...)"; "" for none
        bool isBool{false};
        std::function<void(const std::string&)> set; ///< throws CommandLineError
    };

    Flag& Add(const std::string& name, const std::string& help);
    const Flag* Find(const std::string& name) const;
    std::vector<std::string> FlagNames() const;

    std::string m_name;
    std::string m_description;
    std::vector<Flag> m_flags;
    std::vector<std::string> m_examples;
    std::vector<std::string> m_ns3Args;
};

/// Parses a boolean as the command line and sweep specs accept it; nullopt if it is not one.
std::optional<bool> ParseBool(const std::string& text);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_COMMAND_LINE_H
