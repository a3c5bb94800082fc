namespace CareHub.Interop.Tests;

/// <summary>Sample messages shaped like real feeds (synthetic patients), written with CR endings.</summary>
internal static class Samples
{
    public static string Lines(params string[] segments) => string.Join('\r', segments) + "\r";

    /// <summary>An Epic-style v2.5.1 admit with two identifiers, escapes and a Z segment.</summary>
    public static readonly string AdmitV251 = Lines(
        @"MSH|^~\&|EPIC|RGH|CAREHUB|CHS|20260301143000-0500||ADT^A01^ADT_A01|MSG00001|P|2.5.1|||AL|NE",
        @"EVN|A01|20260301142900-0500|||JSMITH^Smith^John|20260301142500-0500",
        @"PID|1||99887766^^^SSA^SS~4000001^^^CHS&2.16.840.1.113883.3.1&ISO^MR||O'Brien^Mary^Ann^^Mrs.||19500615|F|||12 Elm St^^Springfield^IL^62701||(555)010-1234|||M",
        @"PV1|1|I|4W^401^4W-01A^RGH||||1234^Jones^Alan|||MED||||7|||1234^Jones^Alan|IN|V1000001^^^CHS^VN|||||||||||||||||||||||||20260301142500-0500",
        @"PV2|||||||||20260305",
        @"ZPI|Fall risk \T\ wanders|Notes: line one\.br\line two",
        @"NK1|1|O'Brien^Sean|SON|12 Elm St^^Springfield^IL^62701|(555)010-9876");

    public static readonly string RegisterV24 = Lines(
        @"MSH|^~\&|MEDITECH|SBM|CAREHUB|CHS|20260302081500||ADT^A04|M24-0001|P|2.4",
        @"EVN|A04|20260302081500",
        @"PID|1||4000002^^^CHS^MR||Nguyen^Van^Thi||19671204|M",
        @"PV1|1|E|ED^^^SBM||||||||||||||||V2000001|||||||||||||||||||||||||20260302080000");

    public static readonly string DischargeV23 = Lines(
        @"MSH|^~\&|CERNER|RGH|CAREHUB|CHS|20260303110000||ADT^A03|C23-77|P|2.3",
        @"EVN|A03|20260303105500",
        @"PID|1||4000003||Garcia^Luis||19421130|M",
        @"PV1|1|I|5E^512^5E-12B^RGH||||||||||||||||V3000001|||||||||||||||||06||||||||20260228093000|20260303104500");

    public static readonly string UpdateV25 = Lines(
        @"MSH|^~\&|ALLSCRIPTS|SBM|CAREHUB|CHS|20260304120000-0500||ADT^A08^ADT_A01|A25-1|P|2.5",
        @"EVN|A08|20260304120000-0500",
        @"PID|1||4000004^^^CHS^MR||Smith\S\Jones^Pat||19800101|U");
}
