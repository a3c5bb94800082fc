using CareHub.Web.Features.Patients;

namespace CareHub.Web.Tests.Features.Patients;

/// <summary>What the list asks for is checked before it reaches the database.</summary>
public sealed class PatientQueryTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("  Garcia, Ana ", "Garcia, Ana")]
    public void A_search_is_trimmed_and_a_blank_one_is_no_search(string? search, string? expected) =>
        new PatientQuery(search).Normalize().Search.ShouldBe(expected);

    [Fact]
    public void A_search_longer_than_the_limit_is_cut_to_it()
    {
        var query = new PatientQuery(new string('a', 500)).Normalize();

        query.Search!.Length.ShouldBe(PatientQuery.MaxSearchLength);
    }

    [Fact]
    public void An_unknown_sort_becomes_by_name_and_a_negative_page_the_first()
    {
        var query = new PatientQuery(Sort: (PatientSort)42, Page: -3).Normalize();

        query.Sort.ShouldBe(PatientSort.Name);
        query.Page.ShouldBe(0);
    }

    [Fact]
    public void A_normalised_query_stays_as_it_is()
    {
        var query = new PatientQuery("Garcia", PatientSort.Age, Descending: true, Page: 3, PageSize: 50);

        query.Normalize().ShouldBe(query);
    }
}
