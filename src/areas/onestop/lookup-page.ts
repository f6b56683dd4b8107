/**
 * The embeddable look-up page: one input, the case's steps as a timeline. Vietnamese, mobile-first,
 * labelled for screen readers (the result is a live region). The script only calls the public
 * `oneStopLookup` of this server and writes text nodes (no HTML from the answer).
 */
export function lookupPage(): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tra cứu hồ sơ</title>
<link rel="stylesheet" href="/public/lookup.css">
<script src="/public/lookup.js" defer></script>
</head>
<body>
<main>
<h1>Tra cứu tình trạng hồ sơ</h1>
<form id="lookup" role="search">
<label for="code">Mã hồ sơ (in trên giấy tiếp nhận)</label>
<div class="row"><input id="code" name="code" autocomplete="off" autocapitalize="characters" required placeholder="VD: SCT-261203-0001-ABCD"><button type="submit">Tra cứu</button></div>
</form>
<section id="result" aria-live="polite"></section>
</main>
</body>
</html>`;
}

export const LOOKUP_STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.25rem}label{display:block;font-weight:600;margin-bottom:.25rem}
.row{display:flex;gap:.5rem}input{flex:1;min-width:0;padding:.6rem;font-size:1rem;border:1px solid #555;border-radius:4px}
button{padding:.6rem 1rem;font-size:1rem;background:#0b5394;color:#fff;border:0;border-radius:4px}button:focus,input:focus{outline:3px solid #f1c232}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dt{font-weight:600}ol.timeline{list-style:none;padding:0;border-left:3px solid #0b5394;margin-left:.5rem}
ol.timeline li{position:relative;padding:0 0 1rem 1rem}ol.timeline li::before{content:"";position:absolute;left:-.55rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:#0b5394}
ol.timeline li.open::before{background:#fff;border:2px solid #0b5394}.late{color:#a61c00;font-weight:600}.error{color:#a61c00}
`;

export const LOOKUP_SCRIPT = `
(function () {
  var STAGES = { INTAKE: 'Tiếp nhận hồ sơ', UNIT: 'Phòng chuyên môn thẩm định', UNIT_HEAD: 'Lãnh đạo phòng xem xét', LEADER: 'Lãnh đạo cơ quan phê duyệt', RETURN: 'Trả kết quả' };
  var ACTIONS = { RECEIVED: 'Đã tiếp nhận', PROPOSED: 'Đã đề xuất', INVALID: 'Hồ sơ không hợp lệ', SUPPLEMENT_REQUESTED: 'Yêu cầu bổ sung hồ sơ', SUPPLEMENT_RECEIVED: 'Đã nhận hồ sơ bổ sung', SUBMITTED: 'Đã trình lãnh đạo', APPROVED: 'Đã phê duyệt', DISAGREED: 'Chưa thống nhất, xử lý lại', RETURNED: 'Đã trả kết quả', APOLOGISED: 'Xin lỗi, hẹn lại ngày trả' };
  var STATUS = { IN_PROGRESS: 'Đang giải quyết', AWAITING_SUPPLEMENT: 'Chờ bổ sung hồ sơ', RESULT_READY: 'Đã có kết quả, chờ trả', REFUSAL_READY: 'Chờ trả lại hồ sơ', DONE: 'Đã trả kết quả', REFUSED: 'Đã trả lại hồ sơ' };
  var QUERY = 'query ($code: String!) { oneStopLookup(receiptCode: $code) { receiptCode status procedureName organisationName applicantName receivedAt appointmentAt finishedAt steps { stage startedAt deadline doneAt action } } }';
  function when(value) { return value ? new Date(value).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : ''; }
  function el(tag, text, cls) { var node = document.createElement(tag); if (text) node.textContent = text; if (cls) node.className = cls; return node; }
  function show(result, data) {
    result.replaceChildren();
    if (!data) { result.appendChild(el('p', 'Không tìm thấy hồ sơ với mã này. Vui lòng kiểm tra lại mã trên giấy tiếp nhận.', 'error')); return; }
    result.appendChild(el('h2', 'Hồ sơ ' + data.receiptCode));
    var facts = el('dl');
    [['Thủ tục', data.procedureName], ['Cơ quan giải quyết', data.organisationName], ['Người nộp', data.applicantName], ['Tình trạng', STATUS[data.status] || data.status], ['Ngày tiếp nhận', when(data.receivedAt)], ['Hẹn trả kết quả', when(data.appointmentAt)]].forEach(function (pair) { facts.appendChild(el('dt', pair[0])); facts.appendChild(el('dd', pair[1])); });
    result.appendChild(facts);
    var list = el('ol', null, 'timeline'); list.setAttribute('aria-label', 'Các bước xử lý');
    data.steps.forEach(function (step) {
      var item = el('li', null, step.doneAt ? 'done' : 'open');
      item.appendChild(el('strong', STAGES[step.stage] || step.stage));
      item.appendChild(el('div', step.doneAt ? (ACTIONS[step.action] || step.action) + ' lúc ' + when(step.doneAt) : 'Đang xử lý, hạn ' + when(step.deadline)));
      var late = (step.doneAt ? new Date(step.doneAt) : new Date()) > new Date(step.deadline) && !/SUPPLEMENT|APOLOG/.test(step.action || '');
      if (late) item.appendChild(el('div', 'Quá hạn bước này', 'late'));
      list.appendChild(item);
    });
    result.appendChild(list);
  }
  function lookUp(code) {
    var result = document.getElementById('result');
    result.replaceChildren(el('p', 'Đang tra cứu…'));
    fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { code: code } }) })
      .then(function (response) { if (response.status === 429) throw new Error('Quá nhiều lượt tra cứu: vui lòng thử lại sau ít phút.'); return response.json(); })
      .then(function (body) { show(result, body.data && body.data.oneStopLookup); })
      .catch(function (error) { result.replaceChildren(el('p', error.message || 'Không tra cứu được, vui lòng thử lại.', 'error')); });
  }
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('lookup'); var input = document.getElementById('code');
    form.addEventListener('submit', function (event) { event.preventDefault(); if (input.value.trim()) lookUp(input.value.trim()); });
    var given = new URLSearchParams(location.search).get('code');
    if (given) { input.value = given; lookUp(given); }
  });
})();
`;
