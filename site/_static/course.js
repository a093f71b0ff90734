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

// Search results quote the page around the word; quote the article only, not the buttons of the
// theme's article header ("System Settings Light Dark …").
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText) return;
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".bd-header-article, .prev-next-area, footer").forEach((el) => el.remove());
    return htmlToText(page.documentElement.outerHTML, anchor);
  };
});
