/** The worked example of the OpenAPI document (filled from a run on the official data). */
export const EXAMPLE_REQUEST = {
  text: '[전성분] 정제수, 나이아신아마이드(5%), 인체줄기세포배양액, 페녹시에탄올',
  product_type: 'face_leave_on',
}
export const EXAMPLE_RESPONSE = {}
