// Sphinx's Korean catalogue has an empty "Search finished, found N pages" message, so the search
// page never said how many pages it found: say it in Korean.
if (typeof Documentation !== "undefined") {
  const ngettext = Documentation.ngettext;
  Documentation.ngettext = (singular, plural, n) =>
    ngettext(singular, plural, n) ||
    (singular.startsWith("Search finished")
      ? "검색을 마쳤습니다: ${resultCount}개 페이지를 찾았습니다."
      : n === 1 ? singular : plural);
}
